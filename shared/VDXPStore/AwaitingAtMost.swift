import Synchronization

/// `body`'s result, or ``AwaitTimeout`` once `limit` has passed — without waiting for `body` to stop.
///
/// For work that may not honour task cancellation (postgres-nio stops neither a connect nor a query in flight when
/// its task is cancelled): the caller moves on after `limit`, and `body` is left to finish on its own; a result that
/// arrives too late goes to `discardingLate` (to close a connection, say).
///
/// ```swift
/// let connection = try await awaitingAtMost(.seconds(2)) {
///     try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
/// } discardingLate: { try? await $0.close() }
/// ```
public func awaitingAtMost<Result: Sendable>(
    _ limit: Duration,
    _ body: @escaping @Sendable () async throws -> Result,
    discardingLate: @escaping @Sendable (Result) async -> Void = { _ in }
) async throws -> Result {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
        let pending = PendingContinuation(continuation)
        let work = Task {
            do {
                let result = try await body()
                if let waiting = pending.take() {
                    waiting.resume(returning: result)
                } else {
                    await discardingLate(result)
                }
            } catch {
                pending.take()?.resume(throwing: error)
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            work.cancel()
            pending.take()?.resume(throwing: AwaitTimeout(limit: limit))
        }
    }
}

/// Work that did not finish within its limit (``awaitingAtMost(_:_:discardingLate:)``).
public struct AwaitTimeout: Error, CustomStringConvertible {
    /// The limit that passed.
    public let limit: Duration

    public var description: String { "no answer within \(limit)" }
}

/// A continuation that exactly one of several racing tasks takes and resumes.
final class PendingContinuation<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, any Error>?>

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation = Mutex(continuation)
    }

    /// The continuation, for the first caller only.
    func take() -> CheckedContinuation<Value, any Error>? {
        continuation.withLock { $0.take() }
    }
}
