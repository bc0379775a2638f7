import Synchronization
public import VDXPProto

/// The serving state of the server ("") and of each of its gRPC services, with change notification for `Watch`.
public final class HealthStatusBoard: Sendable {
    /// A serving state.
    public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: Status] = [:]
        var watchers: [Int: (service: String, continuation: AsyncStream<Status>.Continuation)] = [:]
        var nextWatcher = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// Creates a board where the server and every named service start NOT_SERVING.
    public init(services: [String]) {
        state.withLock { state in
            for service in [""] + services { state.statuses[service] = .notServing }
        }
    }

    /// The state of `service`, or nil if it is unknown.
    public func status(of service: String) -> Status? {
        state.withLock { $0.statuses[service] }
    }

    /// Every known state.
    public var all: [String: Status] { state.withLock { $0.statuses } }

    /// Sets the state of a service (or of the server, ""), telling its watchers if it changed.
    public func set(_ status: Status, for service: String) {
        let targets = state.withLock { state -> [AsyncStream<Status>.Continuation] in
            guard state.statuses[service] != status else { return [] }
            state.statuses[service] = status
            return state.watchers.values.filter { $0.service == service }.map(\.continuation)
        }
        for continuation in targets { continuation.yield(status) }
    }

    /// Sets every known service and the server to `status`.
    public func setAll(_ status: Status) {
        for service in state.withLock({ Array($0.statuses.keys) }) { set(status, for: service) }
    }

    /// Sets every named service (not the server as a whole) to `status`.
    public func setNamed(_ status: Status) {
        for service in state.withLock({ Array($0.statuses.keys) }) where !service.isEmpty { set(status, for: service) }
    }

    /// A stream of the states of `service`: the current one first, then each change. Ends at `finishWatchers()`.
    public func watch(_ service: String) -> AsyncStream<Status> {
        let (stream, continuation) = AsyncStream<Status>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id: Int? = state.withLock { state in
            continuation.yield(state.statuses[service] ?? .serviceUnknown)
            if state.finished { return nil }
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = (service, continuation)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every `Watch` stream, so that graceful shutdown does not wait on them.
    public func finishWatchers() {
        let targets = state.withLock { state in
            state.finished = true
            let all = state.watchers.values.map(\.continuation)
            state.watchers.removeAll()
            return all
        }
        for continuation in targets { continuation.finish() }
    }
}
