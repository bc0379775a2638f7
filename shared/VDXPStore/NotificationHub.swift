public import Logging
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Fans PostgreSQL `NOTIFY` messages out to the tasks of this process that wait for them.
///
/// One connection of the pool LISTENs on every channel the hub was created with, for as long as the hub runs, and
/// reconnects after a failure. Waiters are woken, never handed the payload as truth: a notification only says
/// "look again", so a waiter always re-reads the database after waking. No change is missed while the LISTEN
/// connection is down: the hub wakes every waiter when it loses the connection, and each channel's waiters again once
/// it listens on that channel anew (a change committed in between sent its NOTIFY to nobody). A waiter's `timeout` is
/// a safety net, not the way it learns of changes.
///
/// Use it as: subscribe first, then read the database, then `wait`: a change committed in between still wakes you.
public final class NotificationHub: Service, Sendable {
    private let client: Database
    private let channels: [String]
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var closed = false
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private struct Waiter {
        let channel: String
        let subscription: NotificationSubscription
    }

    /// Creates a hub for the given channels (lowercase SQL identifiers).
    public init(client: Database, channels: [String], logger: Logger) {
        self.client = client
        self.channels = channels
        self.logger = logger
    }

    /// Listens until the service group shuts down.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await self.listenOnce()
                }
            } catch is CancellationError {
                break
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.warning(
                    "lost the LISTEN connection; reconnecting", metadata: ["error": "\(loggedDescription(of: error))"])
                self.wakeEveryone()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        self.finishEveryone()
    }

    private func listenOnce() async throws {
        try await client.withConnection { connection in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for channel in self.channels {
                    group.addTask {
                        try await connection.listen(on: channel) { notifications in
                            // Listening (again): what was committed while nobody listened sent its NOTIFY in vain.
                            self.wake(channel: channel)
                            for try await notification in notifications {
                                self.deliver(channel: channel, payload: notification.payload)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Runs `body` with a subscription to `channel` (optionally only payloads for which `matches` is true), and
    /// ends the subscription when `body` returns.
    public func withSubscription<Result: Sendable>(
        to channel: String,
        matching matches: @escaping @Sendable (String) -> Bool = { _ in true },
        _ body: (NotificationSubscription) async throws -> Result
    ) async throws -> Result {
        let subscription = NotificationSubscription(matches: matches)
        if state.withLock({ $0.closed }) { subscription.finish() }
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = Waiter(channel: channel, subscription: subscription)
            return id
        }
        defer {
            _ = state.withLock { $0.waiters.removeValue(forKey: id) }
            subscription.finish()
        }
        return try await body(subscription)
    }

    private func deliver(channel: String, payload: String) {
        let targets = state.withLock { state in
            state.waiters.values.filter { $0.channel == channel }.map(\.subscription)
        }
        for subscription in targets where subscription.matches(payload) { subscription.signal() }
    }

    private func wake(channel: String) {
        let targets = state.withLock { state in
            state.waiters.values.filter { $0.channel == channel }.map(\.subscription)
        }
        for subscription in targets { subscription.signal() }
    }

    private func wakeEveryone() {
        let targets = state.withLock { $0.waiters.values.map(\.subscription) }
        for subscription in targets { subscription.signal() }
    }

    /// Ends every subscription, now and later, so that long-lived streams waiting on notifications return. Call it
    /// when graceful shutdown begins, before the gRPC server waits for open streams.
    public func closeSubscriptions() {
        state.withLock { $0.closed = true }
        finishEveryone()
    }

    private func finishEveryone() {
        let targets = state.withLock { state in
            let all = state.waiters.values.map(\.subscription)
            state.waiters.removeAll()
            return all
        }
        for subscription in targets { subscription.finish() }
    }
}

/// A wake-up signal for one waiting task: set by matching notifications, consumed by `wait(timeout:)`.
public final class NotificationSubscription: Sendable {
    let matches: @Sendable (String) -> Bool
    private let state = Mutex(State())

    private struct State {
        var pending = false
        var finished = false
        var continuation: CheckedContinuation<Bool, Never>?
    }

    init(matches: @escaping @Sendable (String) -> Bool) {
        self.matches = matches
    }

    /// Waits until a matching notification arrives (returns true at once if one arrived since the last wait), or
    /// `timeout` passes (true), or the hub stops or the task is cancelled (false).
    public func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                try? await Task.sleep(for: timeout)
                self.resume(with: true)
            }
            let woken = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let immediate: Bool? = state.withLock { state in
                        if state.finished { return false }
                        if state.pending {
                            state.pending = false
                            return true
                        }
                        state.continuation = continuation
                        return nil
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            } onCancel: {
                self.finish()
            }
            group.cancelAll()
            return woken
        }
    }

    func signal() {
        let continuation: CheckedContinuation<Bool, Never>? = state.withLock { state in
            if let continuation = state.continuation {
                state.continuation = nil
                return continuation
            }
            state.pending = true
            return nil
        }
        continuation?.resume(returning: true)
    }

    private func resume(with value: Bool) {
        let continuation = state.withLock { state in
            let continuation = state.continuation
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: value)
    }

    func finish() {
        let continuation = state.withLock { state in
            state.finished = true
            let continuation = state.continuation
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: false)
    }
}
