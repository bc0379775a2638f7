public import Logging
public import ServiceLifecycle
import Synchronization
import VDXPStore

/// The services of one host that are running now, by name: what an operator (or a test) needs to know when a
/// shutdown takes longer than it should.
///
/// ``ServiceHost`` wraps each service of its group with ``tracking(_:as:)``. Once graceful shutdown reaches the first
/// of them, a watch starts: if services are still running `reportAfter` later, it logs their names (the ones holding
/// the shutdown up), and it stops as soon as the last one finished. The host also waits on ``shutdownBegun()`` to
/// bound the whole stop (``ShutdownOverrunError``).
public final class RunningServices: Sendable {
    fileprivate struct Entry {
        let name: String
        /// A service of the host's group, rather than a part that runs around it (the database pool).
        let inGroup: Bool
    }

    private struct State {
        var entries: [Entry] = []
        var watch: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let began = OneShot<Void>()
    private let reportAfter: Duration
    private let logger: Logger

    /// An empty registry that reports services still running `reportAfter` into graceful shutdown to `logger`.
    public init(reportAfter: Duration, logger: Logger) {
        self.reportAfter = reportAfter
        self.logger = logger
    }

    /// The names of the services and parts running now, in the order they started.
    public var current: [String] { state.withLock { $0.entries.map(\.name) } }

    /// The names of the services of the group running now (``current`` without the parts around the group).
    public var groupServices: [String] { state.withLock { $0.entries.filter(\.inGroup).map(\.name) } }

    /// `service`, registered as `name` while its `run()` runs.
    public func tracking(_ service: any Service, as name: String) -> any Service {
        TrackedService(service: service, name: name, registry: self)
    }

    /// Runs `body` with `name` registered while it runs: for a part of the host that is not a service of its group
    /// (the database pool, which closes after the group has stopped).
    public func during<Result>(_ name: String, _ body: () async throws -> Result) async rethrows -> Result {
        try await recording(Entry(name: name, inGroup: false), body)
    }

    fileprivate func recording<Result>(_ entry: Entry, _ body: () async throws -> Result) async rethrows -> Result {
        state.withLock { $0.entries.append(entry) }
        defer { finished(entry.name) }
        return try await body()
    }

    private func finished(_ name: String) {
        let watch = state.withLock { state -> Task<Void, Never>? in
            if let index = state.entries.firstIndex(where: { $0.name == name }) { state.entries.remove(at: index) }
            return state.entries.isEmpty ? state.watch : nil
        }
        watch?.cancel()
    }

    /// Returns once the shutdown of the group has begun (gracefully, or by cancellation: ``shutdownBegan()``).
    func shutdownBegun() async {
        _ = try? await began.value
    }

    /// Records that the shutdown has begun, and starts the watch, once.
    func shutdownBegan() {
        began.set(.success(()))
        state.withLock { state in
            guard state.watch == nil, !state.entries.isEmpty else { return }
            let (after, logger) = (reportAfter, logger)
            state.watch = Task { [weak self] in
                try? await Task.sleep(for: after)
                guard !Task.isCancelled, let left = self?.current, !left.isEmpty else { return }
                logger.warning(
                    "graceful shutdown is taking long; these services are still running",
                    metadata: ["services": "\(left.joined(separator: ", "))", "after": "\(after)"])
            }
        }
    }
}

/// A service whose run is recorded in a ``RunningServices``.
private struct TrackedService: Service {
    let service: any Service
    let name: String
    let registry: RunningServices

    func run() async throws {
        try await registry.recording(.init(name: name, inGroup: true)) {
            try await withGracefulShutdownHandler {
                try await service.run()
            } onGracefulShutdown: { [registry] in
                registry.shutdownBegan()
            }
        }
    }
}
