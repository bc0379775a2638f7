import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a program with `posix_spawn` and waits for it with `waitpid`.
///
/// Foundation's `Process` is not used on purpose: on Linux it learns that a child ended from a socket pair the child
/// inherits, and `pg_ctl start` leaves a server running that inherits that socket too — so the wait for `pg_ctl`
/// never ends. Here the child gets only standard input (`/dev/null`) and one output file for standard output and
/// standard error; every other descriptor is closed in the child where the C library allows
/// (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34+), and the wait does not depend on descriptors at all.
enum Subprocess {
    /// How a child ended.
    struct Termination: Sendable, Hashable {
        /// The exit status, or the negated signal number if a signal ended the child.
        let code: Int32
    }

    /// Runs `executable` with `arguments` and `environment` in `workingDirectory`, its standard output and standard
    /// error written to `outputDescriptor`, and waits until it exits.
    static func run(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        outputDescriptor: Int32
    ) async throws -> Termination {
        let pid = try Self.spawn(
            executable: executable,
            arguments: arguments,
            environment: environment,
            workingDirectory: workingDirectory,
            outputDescriptor: outputDescriptor
        )
        return await withCheckedContinuation { continuation in
            // waitpid blocks; it gets a thread of its own rather than one of the concurrency pool's.
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 {
                    if errno != EINTR {
                        continuation.resume(returning: Termination(code: -1))
                        return
                    }
                }
                let signal = status & 0x7f
                let code = signal == 0 ? (status >> 8) & 0xff : -signal
                continuation.resume(returning: Termination(code: code))
            }
        }
    }

    /// Starts the child and returns its process id.
    private static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        outputDescriptor: Int32
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
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)

        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        posix_spawn_file_actions_addchdir_np(&actions, workingDirectory)
        #else
        if let closeFrom = GlibcSpawnExtensions.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let changeDirectory = GlibcSpawnExtensions.addChangeDirectory {
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
            throw LocalClusterError.systemCallFailed(
                operation: "run \(executable)",
                reason: String(cString: strerror(status))
            )
        }
        return pid
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
