import Synchronization

/// The queries a ``Database`` is waiting on, so that an outage can answer them all at once.
///
/// postgres-nio does not answer every query whose connection dies: a query written to a connection the server has
/// just closed can wait forever (the write fails before it reaches the connection's handler, and nothing completes
/// the query's promise). Each query therefore runs in a task of its own while its caller waits on an outcome
/// registered here; whichever comes first — the answer, or ``failAll(with:)`` when the probe finds the server gone —
/// resumes the caller. A query abandoned that way is left suspended; it holds no connection the pool still uses (the
/// pool is replaced at the same moment).
final class InFlightQueries: Sendable {
    private struct Waiting {
        var nextID = 0
        var failers: [Int: @Sendable (any Error) -> Void] = [:]
    }

    private let waiting = Mutex(Waiting())

    /// Runs `work` and returns its answer, or throws the error given to ``failAll(with:)`` if that comes first.
    /// Cancelling the caller cancels `work` and throws `CancellationError` at once: postgres-nio does not stop a query
    /// in flight when its task is cancelled, and one whose connection closed may never be answered — a cancelled
    /// caller (a service shutting down, a test past its time limit) must not wait for it.
    func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let outcome = RacedOutcome<Result>()
        let id = waiting.withLock { waiting in
            defer { waiting.nextID &+= 1 }
            waiting.failers[waiting.nextID] = { outcome.settle(.failure($0)) }
            return waiting.nextID
        }
        let task = Task {
            do {
                outcome.settle(.success(try await work()))
            } catch {
                outcome.settle(.failure(error))
            }
            _ = self.waiting.withLock { $0.failers.removeValue(forKey: id) }
        }
        return try await withTaskCancellationHandler {
            try await outcome.value
        } onCancel: {
            task.cancel()
            outcome.settle(.failure(CancellationError()))
        }
    }

    /// Answers every query still waiting with `error`.
    func failAll(with error: any Error) {
        let failers = waiting.withLock { waiting in
            defer { waiting.failers.removeAll() }
            return Array(waiting.failers.values)
        }
        for fail in failers { fail(error) }
    }
}
