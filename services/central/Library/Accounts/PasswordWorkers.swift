import NIOPosix
import ServiceLifecycle
import Synchronization
import VDXPRuntime

/// Where Central runs scrypt: a few threads of its own, and a bounded queue in front of them.
///
/// One scrypt derivation (``PasswordHasher``) takes 32 MiB and tens of milliseconds of one core. Run on Swift's
/// cooperative pool — as many threads as cores, two here — a handful of concurrent sign-ins would stall every other
/// call Central serves (the global configuration, the directory) for as long as they take, and a flood of them would
/// take 32 MiB each. Here at most ``threads`` derivations run at once (their memory is bounded by that), at most
/// ``maximumWaiting`` more wait their turn, and a call beyond that is refused at once with UNAVAILABLE
/// (``CentralError/passwordChecksBusy``), which a client retries a moment later. One organisation (a member's system
/// and its accounts, or an operator or service) holds at most ``share`` of those places at once: a member keeping
/// dozens of sign-ins of unknown usernames in flight is refused (``CentralError/passwordChecksBusyForCaller``,
/// RESOURCE_EXHAUSTED) instead of locking every other member out of signing in.
///
/// A background service of Central: its threads start with it and stop when it shuts down.
final class PasswordWorkers: Service, Sendable {
    /// The threads that run derivations: 2.
    static let standardThreads = 2

    /// The derivations that may wait for a thread: 32.
    static let standardMaximumWaiting = 32

    /// How many derivations run at once.
    let threads: Int

    /// How many may wait for a thread beyond those running.
    let maximumWaiting: Int

    /// The derivations one organisation may have running or waiting at once: 4.
    static let standardShare = 4

    /// How many derivations one organisation may have admitted at once.
    let share: Int

    private let pool: NIOThreadPool
    private let admitted = Atomic(0)
    private let admittedByCaller = Mutex<[String: Int]>([:])

    /// Starts `threads` threads at once, so that calls work before ``run()`` (which only waits to stop them).
    init(threads: Int = standardThreads, maximumWaiting: Int = standardMaximumWaiting, share: Int = standardShare) {
        self.threads = threads
        self.maximumWaiting = maximumWaiting
        self.share = share
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Runs `body` on one of the threads, or throws at once: ``CentralError/passwordChecksBusyForCaller`` when the
    /// calling organisation (the RPC's caller, ``RequestContext``) already has ``share`` derivations admitted,
    /// ``CentralError/passwordChecksBusy`` when ``threads`` + ``maximumWaiting`` are.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let caller = RequestContext.current?.caller.map { $0.organisationID ?? $0.description } ?? ""
        let share = self.share
        let taken = admittedByCaller.withLock { counts in
            guard counts[caller, default: 0] < share else { return false }
            counts[caller, default: 0] += 1
            return true
        }
        guard taken else { throw CentralError.passwordChecksBusyForCaller(share: share) }
        defer {
            admittedByCaller.withLock { counts in
                let left = counts[caller, default: 1] - 1
                counts[caller] = left > 0 ? left : nil
            }
        }
        let admittedNow = admitted.wrappingAdd(1, ordering: .relaxed).newValue
        defer { admitted.wrappingSubtract(1, ordering: .relaxed) }
        guard admittedNow <= threads + maximumWaiting else {
            throw CentralError.passwordChecksBusy(running: threads, waiting: maximumWaiting)
        }
        return try await pool.runIfActive(body)
    }

    /// The derivations running or waiting now.
    var admittedCount: Int { admitted.load(ordering: .relaxed) }

    /// Waits for Central to shut down, then stops the threads (``shutdown()``).
    func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Stops the threads once the derivations running and waiting are done; later calls to ``perform(_:)`` throw.
    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
