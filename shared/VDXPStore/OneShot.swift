import Synchronization

/// A value set once and awaited by any number of tasks (shared within the package: the pool's start, a host's
/// addresses, the start of its shutdown).
package final class OneShot<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Result<Value, any Error>?, waiters: [CheckedContinuation<Value, any Error>])>(
        (nil, []))

    /// A value nobody has set yet.
    package init() {}

    /// Sets the value, unless it is already set, and wakes every waiter.
    package func set(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            guard state.value == nil else { return [] }
            state.value = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// The value, once set.
    package var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<Value, any Error>? in
                    if let value = state.value { return value }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
