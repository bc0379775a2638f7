import NIOPosix
import ServiceLifecycle
import Synchronization

/// Where Central runs scrypt: a few threads of its own, and a bounded queue in front of them.
///
/// One scrypt derivation (``PasswordHasher``) takes 32 MiB and tens of milliseconds of one core. Run on Swift's
/// cooperative pool — as many threads as cores, two here — a handful of concurrent sign-ins would stall every other
/// call Central serves (the global configuration, the directory) for as long as they take, and a flood of them would
/// take 32 MiB each. Here at most ``threads`` derivations run at once (their memory is bounded by that), at most
/// ``maximumWaiting`` more wait their turn, and a call beyond that is refused at once with UNAVAILABLE
/// (``CentralError/passwordChecksBusy``), which a client retries a moment later.
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

    private let pool: NIOThreadPool
    private let admitted = Atomic(0)

    /// Starts `threads` threads at once, so that calls work before ``run()`` (which only waits to stop them).
    init(threads: Int = standardThreads, maximumWaiting: Int = standardMaximumWaiting) {
        self.threads = threads
        self.maximumWaiting = maximumWaiting
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Runs `body` on one of the threads, or throws ``CentralError/passwordChecksBusy`` at once when ``threads`` +
    /// ``maximumWaiting`` derivations are already admitted.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
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
