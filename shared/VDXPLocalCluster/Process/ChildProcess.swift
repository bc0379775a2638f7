import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a program could not be started, naming it and the system's reason.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// A program started with `posix_spawn`, and reaped by a thread of its own that blocks in `waitpid`.
///
/// The tool and the tests start every child program through this type; Foundation's `Process` is not used, for two
/// reasons seen here:
/// - on Linux, `Process.run()` reads past a buffer while it lists `/proc/self/fd` (an over-read of `dirent.d_name`,
///   swift-corelibs-foundation PR #5472, present in Swift 6.3.1) and crashes now and then — once it took a whole
///   test run down;
/// - it learns that a child ended from a socket pair the child inherits, and `pg_ctl start` leaves a server running
///   that inherits that socket too, so the wait for `pg_ctl` never ended.
///
/// Here a child gets standard input from `/dev/null`, its standard output and error where ``Output`` says, and no
/// other descriptor (closed in the child where the C library allows: `posix_spawn_file_actions_addclosefrom_np`,
/// glibc 2.34+). It starts with no blocked signals, whatever the starting thread blocks (Swift's concurrency and
/// Dispatch threads block SIGTERM, which a child would otherwise inherit and never see).
public final class ChildProcess: Sendable {
    /// How a child ended.
    public struct Termination: Sendable, Hashable, CustomStringConvertible {
        /// The exit status, or the negated signal number if a signal ended the child.
        public let code: Int32

        /// Whether the child exited with status 0.
        public var succeeded: Bool { self.code == 0 }

        public var description: String { self.code < 0 ? "killed by signal \(-self.code)" : "exit status \(self.code)" }
    }

    /// Where a child's standard output (or error) goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case discarded
        /// The same as this process's.
        case inherited
        /// Appended to the file at this path (created if missing).
        case file(String)
        /// An open descriptor of this process, duplicated into the child.
        case descriptor(Int32)
    }

    /// The child's process id.
    public let processIdentifier: Int32
    private let state = Mutex(State())

    private struct State {
        var termination: Termination?
        var waiters: [CheckedContinuation<Termination, Never>] = []
    }

    private init(processIdentifier: Int32) {
        self.processIdentifier = processIdentifier
    }

    /// Starts `executable` (a path, not looked up on `PATH`) with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: The child's whole environment; `nil` passes on this process's.
    ///   - workingDirectory: Where it starts (by default this process's current directory).
    ///   - output: Where its standard output goes.
    ///   - error: Where its standard error goes; `nil` sends it with standard output.
    ///   - newProcessGroup: Starts it in a process group of its own, so that a signal to this process's group (a
    ///     Ctrl-C in the terminal) does not reach it.
    /// - Throws: ``ChildProcessError`` if it could not be started (no such program, not executable).
    public static func start(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        output: Output = .discarded,
        error: Output? = nil,
        newProcessGroup: Bool = false
    ) throws -> ChildProcess {
        let pid = try Self.spawn(
            executable: executable, arguments: arguments,
            environment: environment ?? ProcessInfo.processInfo.environment,
            workingDirectory: workingDirectory, output: output, error: error, newProcessGroup: newProcessGroup)
        let child = ChildProcess(processIdentifier: pid)
        // waitpid blocks; it gets a thread of its own rather than one of the concurrency pool's.
        Thread.detachNewThread { child.reap() }
        return child
    }

    /// How it ended, or `nil` while it runs.
    public var termination: Termination? { self.state.withLock { $0.termination } }

    /// Whether it is still running (not yet reaped).
    public var isRunning: Bool { self.termination == nil }

    /// Sends `signal` to it, unless it has already been reaped (its id may then belong to another process).
    public func send(_ signal: Int32) {
        self.state.withLock { state in
            if state.termination == nil { _ = kill(self.processIdentifier, signal) }
        }
    }

    /// Waits until it ends.
    public func wait() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended: Termination? = self.state.withLock { state in
                if let termination = state.termination { return termination }
                state.waiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Waits until it ends, blocking the calling thread — for synchronous contexts (a `deinit`, a signal handler's
    /// follow-up) and only after a signal that ends it (SIGKILL).
    @discardableResult
    public func waitBlocking() -> Termination {
        while true {
            if let termination = self.termination { return termination }
            usleep(5_000)
        }
    }

    /// Stops it: SIGTERM, then SIGKILL once `grace` has passed; returns how it ended.
    @discardableResult
    public func stop(grace: Duration = .seconds(2)) async -> Termination {
        self.send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while self.isRunning, ContinuousClock.now < deadline { await Self.pause(milliseconds: 20) }
        self.send(SIGKILL)
        return await self.wait()
    }

    /// Suspends for about `milliseconds`, cancelled or not. A cancelled `Task.sleep` returns at once, so a polling
    /// loop around it in a cancelled task would never suspend and would hold one of the few threads of the
    /// concurrency pool until its deadline; this one always gives its thread back.
    static func pause(milliseconds: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
        }
    }

    /// Kills it with SIGKILL and waits until it is reaped.
    @discardableResult
    public func kill9() -> Termination {
        self.send(SIGKILL)
        return self.waitBlocking()
    }

    private func reap() {
        var status: Int32 = 0
        var termination = Termination(code: -1)
        while true {
            if waitpid(self.processIdentifier, &status, 0) == self.processIdentifier {
                let signal = status & 0x7f
                termination = Termination(code: signal == 0 ? (status >> 8) & 0xff : -signal)
                break
            }
            if errno != EINTR { break }
        }
        let waiters = self.state.withLock { state in
            state.termination = termination
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: termination) }
    }

    /// Starts the child and returns its process id.
    private static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String?,
        output: Output,
        error: Output?,
        newProcessGroup: Bool
    ) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        Self.redirect(1, to: output, in: &actions)
        if let error {
            Self.redirect(2, to: error, in: &actions)
        } else if case .inherited = output {
            // Standard error stays this process's too.
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        if let workingDirectory { posix_spawn_file_actions_addchdir_np(&actions, workingDirectory) }
        #else
        if let closeFrom = GlibcSpawnExtensions.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let workingDirectory, let changeDirectory = GlibcSpawnExtensions.addChangeDirectory {
            _ = changeDirectory(&actions, workingDirectory)
        }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))

        // The child starts with no blocked signals and default actions for those a server process commonly
        // ignores or handles (SIGPIPE for networking, SIGINT/SIGTERM for graceful shutdown).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ChildProcessError(
                description: "could not start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    #if canImport(Darwin)
    private typealias FileActions = posix_spawn_file_actions_t?
    #else
    private typealias FileActions = posix_spawn_file_actions_t
    #endif

    private static func redirect(_ descriptor: Int32, to output: Output, in actions: inout FileActions) {
        switch output {
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
        case .inherited:
            break
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        case .descriptor(let source):
            posix_spawn_file_actions_adddup2(&actions, source, descriptor)
        }
    }
}

#if !canImport(Darwin)
/// glibc's `posix_spawn` extensions, which Swift's Glibc module does not declare: looked up at run time so that an
/// older C library merely goes without them.
private enum GlibcSpawnExtensions {
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+).
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+).
    typealias AddChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static let addCloseFrom: AddCloseFrom? = Self.lookUp("posix_spawn_file_actions_addclosefrom_np")
    static let addChangeDirectory: AddChangeDirectory? = Self.lookUp("posix_spawn_file_actions_addchdir_np")

    /// The C function `name` from the already-loaded libraries, as `Function`.
    private static func lookUp<Function>(_ name: String) -> Function? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }
}
#endif
