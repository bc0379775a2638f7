import Logging
import Synchronization
import VDXPStore

/// Groups concurrent writes into one transaction so that one durable commit (one disk flush, ~3.5 ms here) serves
/// many requests: the group commit of a send path.
///
/// A request hands its prepared item to ``submit(_:bytes:)`` and waits. Up to `maximumGroupsInFlight` groups run at
/// once; while they run, new items wait and form the next group, so groups grow with the load by themselves (one item
/// at a time when idle, up to `maximumCount` under a burst). A group starts after waiting at most `window` for more
/// items, and holds at most `maximumCount` items and `maximumBytes` bytes (one item larger than that goes alone).
/// `run` writes a group in one transaction and returns one outcome per item, in order; each waiting request gets its
/// own outcome only after `run` returned — after its group committed, or failed. What `run` does when one item of a
/// group is bad is its business; ``init(maximumCount:maximumBytes:window:maximumGroupsInFlight:logger:writeTogether:)``
/// gives the committers' common answer: write the group again item by item.
final class CommitCoalescer<Item: Sendable, Outcome: Sendable>: Sendable {
    typealias Run = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    private struct Waiting {
        var item: Item
        var bytes: Int
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
    }

    private let state = Mutex(State())
    let maximumCount: Int
    let maximumBytes: Int
    let window: Duration
    let maximumGroupsInFlight: Int
    private let metrics: CommitGroupMetrics?
    private let run: Run

    /// A coalescer that writes each group with `run`; each group's size and time go to `metrics`, when given.
    init(
        maximumCount: Int, maximumBytes: Int, window: Duration, maximumGroupsInFlight: Int,
        metrics: CommitGroupMetrics? = nil, run: @escaping Run
    ) {
        self.maximumCount = max(1, maximumCount)
        self.maximumBytes = max(1, maximumBytes)
        self.window = window
        self.maximumGroupsInFlight = max(1, maximumGroupsInFlight)
        self.metrics = metrics
        self.run = run
    }

    /// A coalescer that writes each group with `writeTogether` (one transaction, one outcome per item) and, when
    /// that throws, writes the group again item by item, so that an item that breaks the transaction fails only
    /// itself, with its own error, and the others of its group are written.
    convenience init(
        maximumCount: Int, maximumBytes: Int, window: Duration, maximumGroupsInFlight: Int,
        metrics: CommitGroupMetrics? = nil, logger: Logger,
        writeTogether: @escaping @Sendable ([Item]) async throws -> [Result<Outcome, any Error>]
    ) {
        self.init(
            maximumCount: maximumCount, maximumBytes: maximumBytes, window: window,
            maximumGroupsInFlight: maximumGroupsInFlight, metrics: metrics
        ) { group in
            do {
                return try await writeTogether(group)
            } catch {
                guard group.count > 1 else { return [.failure(error)] }
                logger.debug(
                    "a commit group failed; writing its items one by one",
                    metadata: ["error": "\(loggedDescription(of: error))"])
                var outcomes: [Result<Outcome, any Error>] = []
                for item in group {
                    do { outcomes += try await writeTogether([item]) } catch { outcomes.append(.failure(error)) }
                }
                return outcomes
            }
        }
    }

    /// Adds `item` (of `bytes` bytes) to the next group and returns its outcome once its group was written.
    func submit(_ item: Item, bytes: Int) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startsGroup = state.withLock { state in
                state.waiting.append(Waiting(item: item, bytes: bytes, continuation: continuation))
                guard state.running < maximumGroupsInFlight else { return false }
                state.running += 1
                return true
            }
            if startsGroup { Task { await self.drain() } }
        }
    }

    /// Runs groups while items wait, then gives up its slot.
    private func drain() async {
        while true {
            if window > .zero, state.withLock({ $0.waiting.count < maximumCount }) {
                try? await Task.sleep(for: window)
            }
            let group: [Waiting] = state.withLock { state in
                var count = 0
                var bytes = 0
                for waiting in state.waiting {
                    if count == maximumCount || (count > 0 && bytes + waiting.bytes > maximumBytes) { break }
                    count += 1
                    bytes += waiting.bytes
                }
                if count == 0 { state.running -= 1 }
                defer { state.waiting.removeFirst(count) }
                return Array(state.waiting.prefix(count))
            }
            guard !group.isEmpty else { return }
            let start = ContinuousClock.now
            let outcomes = await run(group.map(\.item))
            metrics?.record(writes: group.count, elapsed: ContinuousClock.now - start)
            for (index, waiting) in group.enumerated() {
                if index < outcomes.count {
                    waiting.continuation.resume(with: outcomes[index])
                } else {
                    waiting.continuation.resume(throwing: CancellationError())
                }
            }
        }
    }
}
