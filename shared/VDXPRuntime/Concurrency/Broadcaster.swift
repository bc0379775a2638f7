import Synchronization

/// Hands each new value to every watcher: the latest value, and one `AsyncStream` per watcher that ends when the
/// broadcaster finishes (at graceful shutdown, so that no open stream holds the server up).
///
/// It serves the streams that follow a value over time — `grpc.health.v1.Health/Watch` (one broadcaster per
/// service name on the `HealthStatusBoard`) and Central's `WatchGlobalConfiguration`.
///
/// ```swift
/// let statuses = Broadcaster<Status>(latest: .notServing)
/// let stream = statuses.watch()          // yields .notServing, then each later value
/// statuses.publish(.serving)
/// statuses.finish()                      // every stream ends
/// ```
public final class Broadcaster<Value: Sendable>: Sendable {
    private struct State {
        var latest: Value?
        var watchers: [Int: AsyncStream<Value>.Continuation] = [:]
        var nextWatcher = 0
        var finished = false
    }

    private let state: Mutex<State>
    private let buffering: Int

    /// Creates a broadcaster holding `latest` (nil: nothing published yet), whose streams keep at most `buffering`
    /// values a slow watcher has not read yet (the oldest are dropped first).
    public init(latest: Value? = nil, buffering: Int = 8) {
        self.state = Mutex(State(latest: latest))
        self.buffering = buffering
    }

    /// The value published last, if any.
    public var latest: Value? { state.withLock { $0.latest } }

    /// Whether ``finish()`` was called.
    public var isFinished: Bool { state.withLock { $0.finished } }

    /// A stream of the values published from now on, starting with the latest one when `replayingLatest` and there
    /// is one. Once the broadcaster has finished, the stream yields that latest value (if asked) and ends.
    public func watch(replayingLatest: Bool = true) -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .bufferingNewest(buffering))
        let id: Int? = state.withLock { state in
            if replayingLatest, let latest = state.latest { continuation.yield(latest) }
            guard !state.finished else { return nil }
            defer { state.nextWatcher += 1 }
            state.watchers[state.nextWatcher] = continuation
            return state.nextWatcher
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

    /// Makes `value` the latest and sends it to every watcher.
    public func publish(_ value: Value) {
        let watchers = state.withLock { state in
            state.latest = value
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.yield(value) }
    }

    /// Ends every stream, now and for watchers that come later.
    public func finish() {
        let watchers = state.withLock { state in
            state.finished = true
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }
}
