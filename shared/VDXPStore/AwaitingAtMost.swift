import Synchronization

/// `body`'s result, or ``AwaitTimeout`` once `limit` has passed, or `CancellationError` as soon as the caller is
/// cancelled — in both cases without waiting for `body` to stop.
///
/// For work that may not honour task cancellation (postgres-nio stops neither a connect nor a query in flight when
/// its task is cancelled): the caller moves on after `limit` or when cancelled (a service group cancelling its
/// services at the end of a graceful shutdown, say), and `body` — cancelled too — is left to finish on its own; a
/// result that arrives too late goes to `discardingLate` (to close a connection, say).
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
    let outcome = RacedOutcome<Result>()
    let work = Task {
        do {
            let result = try await body()
            if !outcome.settle(.success(result)) { await discardingLate(result) }
        } catch {
            outcome.settle(.failure(error))
        }
    }
    let timer = Task {
        try? await Task.sleep(for: limit)
        guard !Task.isCancelled else { return }
        work.cancel()
        outcome.settle(.failure(AwaitTimeout(limit: limit)))
    }
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await outcome.value
    } onCancel: {
        work.cancel()
        outcome.settle(.failure(CancellationError()))
    }
}

/// Whether `body` finishes within `limit`. Waits no longer, and goes on waiting when the caller is cancelled: for the
/// last step of a shutdown, which runs in a task already cancelled (closing a connection pool, say). A `body` still
/// running at `limit` is left to finish on its own.
///
/// ```swift
/// if await !finishes(within: .seconds(10), { await pool.value }) { logger.error("the pool did not close") }
/// ```
public func finishes(within limit: Duration, _ body: @escaping @Sendable () async -> Void) async -> Bool {
    let outcome = RacedOutcome<Bool>()
    Task {
        await body()
        outcome.settle(.success(true))
    }
    let timer = Task {
        try? await Task.sleep(for: limit)
        outcome.settle(.success(false))
    }
    defer { timer.cancel() }
    return (try? await outcome.value) ?? false
}

/// Work that did not finish within its limit (``awaitingAtMost(_:_:discardingLate:)``).
public struct AwaitTimeout: Error, CustomStringConvertible {
    /// The limit that passed.
    public let limit: Duration

    public var description: String { "no answer within \(limit)" }
}

/// The outcome of a race that the first of several tasks settles; a waiter gets it whether it starts waiting before
/// or after. Shared within the package (``ServiceHost`` races its service group against its shutdown limit).
package final class RacedOutcome<Value: Sendable>: Sendable {
    private enum State {
        case open
        case waiting(CheckedContinuation<Value, any Error>)
        case settled(Result<Value, any Error>)
    }

    private let state = Mutex(State.open)

    /// An outcome nobody has settled yet.
    package init() {}

    /// Settles the race with `result` and returns true, unless it was already settled.
    @discardableResult
    package func settle(_ result: Result<Value, any Error>) -> Bool {
        let (won, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Value, any Error>?) in
            switch state {
            case .open:
                state = .settled(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .settled(result)
                return (true, continuation)
            case .settled:
                return (false, nil)
            }
        }
        waiter?.resume(with: result)
        return won
    }

    /// The outcome, once settled. One waiter only.
    package var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let settled = state.withLock { state -> Result<Value, any Error>? in
                    switch state {
                    case .open:
                        state = .waiting(continuation)
                        return nil
                    case .settled(let result):
                        return result
                    case .waiting:
                        preconditionFailure("RacedOutcome has one waiter")
                    }
                }
                if let settled { continuation.resume(with: settled) }
            }
        }
    }
}
