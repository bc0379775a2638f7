import Foundation
public import Logging

/// A PostgreSQL cluster of its own in a local directory, driven through `initdb` and `pg_ctl`: the database behind
/// `vdxp dev up` and the integration tests.
///
/// The directory holds:
///
/// | path | what |
/// |---|---|
/// | `data/` | the cluster (`initdb -D data`) |
/// | `postgres.log` | the server's log (`pg_ctl -l`) |
/// | `run/` | the Unix-socket directory, when its path is short enough (else a `/tmp/vdxp-pg-XXXXXX` directory) |
/// | `port` | the TCP port of the last start, reused by the next start when still free |
///
/// The cluster listens on 127.0.0.1 only, with `trust` authentication for the superuser `vdxp`: anyone who can
/// reach the loopback interface of this machine can connect. It is for development and tests, never production.
///
/// When this process runs as root, every server command runs as the `postgres` system user
/// (`runuser -u postgres -- …`), since `initdb` and `postgres` refuse root; the directory is then handed to that
/// user, and every directory above it must be searchable by it.
///
/// ```swift
/// let cluster = LocalPostgresCluster(directory: ".vdxp/postgres", logger: logger)
/// let endpoint = try await cluster.start()   // initdb on first use; reuses a running server
/// print(endpoint.url)                        // postgres://vdxp@127.0.0.1:54321/vdxp?sslmode=disable
/// try await cluster.stop()
/// ```
///
/// The object holds no state of its own — everything is in the directory — so several objects (or processes) may
/// name the same directory, though they should not start it at the same moment.
public final class LocalPostgresCluster: Sendable {
    /// The superuser `initdb` creates and every connection uses.
    public static let superuser = "vdxp"
    /// The database ``start()`` creates if missing.
    public static let databaseName = "vdxp"
    /// The only address the server listens on.
    public static let host = "127.0.0.1"
    /// The server's `max_connections`.
    public static let maxConnections = 200
    /// How long `pg_ctl` waits for the server to start or stop, in seconds.
    public static let startStopTimeoutSeconds = 60

    /// The cluster's directory, absolute.
    public let directory: String
    /// The TCP port asked for; `nil` to reuse the last one when free, else to pick a free one.
    public let requestedPort: Int?
    /// Whether the server runs without crash safety (`fsync`, `synchronous_commit` and `full_page_writes` off):
    /// faster, and fine for throwaway test clusters, but a crash of the machine can corrupt the cluster.
    public let fastUnsafe: Bool

    /// The programs given to ``init(directory:port:fastUnsafe:binaries:logger:)``; `nil` to locate them when needed.
    let binaries: PostgresBinaries?
    /// Where progress and commands are logged.
    let logger: Logger

    /// A cluster in `directory`; nothing happens until ``start()``.
    ///
    /// - Parameters:
    ///   - directory: Where the cluster lives; created (mode 0755) on start. A relative path is taken from the
    ///     current directory.
    ///   - port: The TCP port on 127.0.0.1; `nil` reuses the previous start's port when it is still free, else picks
    ///     a free one.
    ///   - fastUnsafe: Turn crash safety off (for tests); ``start()`` keeps the durable defaults otherwise.
    ///   - binaries: The PostgreSQL programs; `nil` locates them with
    ///     ``PostgresBinaries/locate(environment:searchRoot:)``.
    ///   - logger: Where progress (info) and each command run (debug) are logged.
    public init(
        directory: String,
        port: Int? = nil,
        fastUnsafe: Bool = false,
        binaries: PostgresBinaries? = nil,
        logger: Logger
    ) {
        self.directory = Directories.absolute(directory)
        self.requestedPort = port
        self.fastUnsafe = fastUnsafe
        self.binaries = binaries
        self.logger = logger
    }

    /// The cluster's data directory: `<directory>/data`.
    public var dataDirectory: String { self.directory + "/data" }

    /// The server's log: `<directory>/postgres.log`.
    public var logFile: String { self.directory + "/postgres.log" }

    /// The short socket directory inside the cluster directory: `<directory>/run`.
    var runDirectory: String { self.directory + "/run" }

    /// The file remembering the last port: `<directory>/port`.
    var portFile: String { self.directory + "/port" }

    /// Whether `initdb` has run: `data/PG_VERSION` exists.
    public var isInitialized: Bool {
        Directories.exists(self.dataDirectory + "/PG_VERSION")
    }

    /// Whether a server is running on the cluster (`pg_ctl status`).
    public func isRunning() async throws -> Bool {
        guard PostmasterPIDFile.read(dataDirectory: self.dataDirectory) != nil else { return false }
        let context = try await self.makeContext(preparingDirectory: false)
        return try await self.isRunning(context)
    }

    /// The endpoint of the running server, or `nil` if it is not running. Starts nothing, creates nothing.
    public func runningEndpoint() async throws -> Endpoint? {
        guard PostmasterPIDFile.read(dataDirectory: self.dataDirectory) != nil else { return nil }
        let context = try await self.makeContext(preparingDirectory: false)
        guard try await self.isRunning(context) else { return nil }
        return self.endpoint(port: try self.runningPort())
    }

    /// `pg_ctl status`: exit code 0 means running, 3 not running, 4 no usable data directory.
    func isRunning(_ context: ClusterContext) async throws -> Bool {
        let status = try await context.runServer(context.binaries.pgCtl, ["-D", self.dataDirectory, "status"])
        return status.succeeded
    }

    /// The port of the running server: line 4 of `postmaster.pid`, else the `port` file.
    func runningPort() throws -> Int {
        if let port = PostmasterPIDFile.read(dataDirectory: self.dataDirectory)?.port {
            return port
        }
        if let port = self.rememberedPort() {
            return port
        }
        throw LocalClusterError.unexpectedState(
            "the server in \(self.dataDirectory) is running, but neither postmaster.pid nor \(self.portFile) "
                + "gives its port"
        )
    }

    /// The port in the `port` file, if any.
    func rememberedPort() -> Int? {
        guard let data = FileManager.default.contents(atPath: self.portFile) else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The endpoint for `port`.
    func endpoint(port: Int) -> Endpoint {
        Endpoint(host: Self.host, port: port, user: Self.superuser, database: Self.databaseName)
    }

    /// Locates the programs and the server user and, when `preparingDirectory`, creates the directory and makes sure
    /// the server user owns and can reach it.
    func makeContext(preparingDirectory: Bool) async throws -> ClusterContext {
        let binaries = try self.binaries ?? PostgresBinaries.locate()
        let serverUser = try ServerUser.forCurrentProcess()
        if preparingDirectory {
            try Directories.create(self.directory)
            try serverUser?.takeOwnership(ofTree: self.directory)
        }
        let workingDirectory = Directories.exists(self.directory) ? self.directory : "/"
        let runner = CommandRunner(serverUser: serverUser, workingDirectory: workingDirectory, logger: self.logger)
        let context = ClusterContext(binaries: binaries, serverUser: serverUser, runner: runner)
        if preparingDirectory, let serverUser {
            try await self.checkAccess(context, serverUser: serverUser)
        }
        return context
    }

    /// Fails with a clear message when the server user cannot enter and write the cluster directory.
    private func checkAccess(_ context: ClusterContext, serverUser: ServerUser) async throws {
        let probe = try await context.runServer("/bin/sh", ["-c", #"cd -- "$1" && test -w ."#, "sh", self.directory])
        guard !probe.succeeded else { return }
        throw LocalClusterError.directoryNotAccessible(
            path: self.directory,
            user: serverUser.name,
            blocker: serverUser.firstUnsearchableDirectory(on: self.directory)
        )
    }

    /// The error for a failed command: its output, the tail of `postgres.log`, and `hint`.
    func failure(_ result: CommandResult, hint: String) -> LocalClusterError {
        .commandFailed(
            command: result.commandLine,
            exitCode: result.exitCode,
            output: result.lastLines(),
            serverLog: TextTail.lastLines(ofFile: self.logFile),
            hint: hint
        )
    }
}
