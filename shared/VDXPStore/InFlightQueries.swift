import Synchronization

/// The queries a ``Database`` is waiting on, so that an outage can answer them all at once.
///
/// postgres-nio does not answer every query whose connection dies: a query written to a connection the server has
/// just closed can wait forever (the write fails before it reaches the connection's handler, and nothing completes
/// the query's promise). Each query therefore runs in a task of its own while its caller waits on a continuation
/// registered here; whichever comes first — the answer, or ``failAll(with:)`` when the probe finds the server gone —
/// resumes the caller. A query abandoned that way is left suspended; it holds no connection the pool still uses (the
/// pool is replaced at the same moment).
final class InFlightQueries: Sendable {
    private struct Waiting {
        var nextID = 0
        var failers: [Int: @Sendable (any Error) -> Void] = [:]
    }

    /// The task running one query, and whether its caller was cancelled before the task existed.
    private struct Runner {
        var task: Task<Void, Never>?
        var cancelled = false
    }

    private let waiting = Mutex(Waiting())

    /// Runs `work` and returns its answer, or throws the error given to ``failAll(with:)`` if that comes first.
    /// Cancelling the caller cancels `work`.
    func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let runner = Mutex(Runner())
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let pending = PendingContinuation(continuation)
                let id = waiting.withLock { waiting in
                    defer { waiting.nextID &+= 1 }
                    waiting.failers[waiting.nextID] = { pending.take()?.resume(throwing: $0) }
                    return waiting.nextID
                }
                let task = Task {
                    do {
                        let result = try await work()
                        pending.take()?.resume(returning: result)
                    } catch {
                        pending.take()?.resume(throwing: error)
                    }
                    _ = self.waiting.withLock { $0.failers.removeValue(forKey: id) }
                }
                let cancelled = runner.withLock { runner in
                    runner.task = task
                    return runner.cancelled
                }
                if cancelled { task.cancel() }
            }
        } onCancel: {
            let task = runner.withLock { runner in
                runner.cancelled = true
                return runner.task
            }
            task?.cancel()
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
