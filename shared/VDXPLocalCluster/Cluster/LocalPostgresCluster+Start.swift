import Foundation
import Logging

extension LocalPostgresCluster {
    /// How many fresh ports ``start()`` tries when it picked the port itself and another process took it first.
    static let portAttempts = 3

    /// Initializes the cluster if needed, starts the server unless it is already running, creates the `vdxp`
    /// database and each service's role and schema if missing (``ServiceDatabaseRole``), and returns where to
    /// connect.
    ///
    /// - On first use: `initdb -D data -U vdxp --auth=trust --encoding=UTF8 --locale=C.UTF-8` (`--locale=C` where
    ///   `C.UTF-8` is not available; plus `--no-sync` for a ``fastUnsafe`` cluster).
    /// - Then `pg_ctl -D data -l postgres.log -w -t 60 -o "-p PORT -c listen_addresses=127.0.0.1 -k SOCKETDIR
    ///   -c max_connections=200 -c fsync=…" start`.
    /// - A server already running on the directory is reused, on its own port (read from `postmaster.pid`), even if
    ///   another ``requestedPort`` was given; its settings are whatever it was started with.
    ///
    /// - Throws: ``LocalClusterError``, with the failing command's output and the tail of `postgres.log`.
    @discardableResult
    public func start() async throws -> Endpoint {
        let context = try await self.makeContext(preparingDirectory: true)

        if PostmasterPIDFile.read(dataDirectory: self.dataDirectory) != nil, try await self.isRunning(context) {
            let port = try self.runningPort()
            if let requested = self.requestedPort, requested != port {
                self.logger.warning(
                    "local PostgreSQL is already running on another port; using it",
                    metadata: ["directory": "\(self.directory)", "port": "\(port)", "requested-port": "\(requested)"]
                )
            } else {
                self.logger.info(
                    "local PostgreSQL is already running",
                    metadata: ["directory": "\(self.directory)", "port": "\(port)"]
                )
            }
            try await self.waitUntilReady(context, port: port)
            try await self.ensureDatabase(context, port: port)
            try await self.ensureServiceRoles(context, port: port)
            return self.endpoint(port: port)
        }

        if !self.isInitialized {
            try await self.initialize(context)
        }
        let port = try await self.launch(context)
        try await self.waitUntilReady(context, port: port)
        try await self.ensureDatabase(context, port: port)
        try await self.ensureServiceRoles(context, port: port)
        return self.endpoint(port: port)
    }

    /// Runs `initdb`, falling back from the `C.UTF-8` locale to `C` where the former is unavailable.
    func initialize(_ context: ClusterContext) async throws {
        self.logger.info(
            "initializing local PostgreSQL cluster",
            metadata: ["data-directory": "\(self.dataDirectory)", "binaries": "\(context.binaries)"]
        )
        var result = try await self.runInitdb(context, locale: "C.UTF-8")
        if !result.succeeded, result.output.localizedCaseInsensitiveContains("invalid locale") {
            self.logger.info("locale C.UTF-8 is not available; initializing with locale C")
            result = try await self.runInitdb(context, locale: "C")
        }
        guard result.succeeded else {
            throw self.failure(
                result,
                hint: """
                    initdb could not create the cluster in \(self.dataDirectory). If the directory exists and is not \
                    empty, remove it (or choose another directory); check the free disk space and that \
                    \(context.serverUser?.name ?? "this user") may write \(self.directory).
                    """
            )
        }
    }

    /// One `initdb` run with `locale`; with `--no-sync` too for a ``fastUnsafe`` cluster.
    private func runInitdb(_ context: ClusterContext, locale: String) async throws -> CommandResult {
        var arguments = [
            "-D", self.dataDirectory,
            "-U", Self.superuser,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=\(locale)",
        ]
        if self.fastUnsafe {
            arguments.append("--no-sync")
        }
        return try await context.runServer(context.binaries.initdb, arguments)
    }

    /// Starts the server with `pg_ctl start` and returns its port. When the port was picked here and turns out to be
    /// taken, tries again with fresh ones.
    func launch(_ context: ClusterContext) async throws -> Int {
        var attempt = 0
        while true {
            attempt += 1
            let port = try self.choosePort(freshOnly: attempt > 1)
            let socketDirectory = try self.makeSocketDirectory(port: port, serverUser: context.serverUser)
            let logOffset = TextTail.fileSize(self.logFile)
            self.logger.info(
                "starting local PostgreSQL",
                metadata: [
                    "directory": "\(self.directory)", "port": "\(port)",
                    "socket-directory": "\(socketDirectory)", "fast-unsafe": "\(self.fastUnsafe)",
                ]
            )
            let result = try await context.runServer(
                context.binaries.pgCtl,
                [
                    "-D", self.dataDirectory,
                    "-l", self.logFile,
                    "-w", "-t", "\(Self.startStopTimeoutSeconds)",
                    "-o", ShellQuoting.join(self.serverOptions(port: port, socketDirectory: socketDirectory)),
                    "start",
                ]
            )
            if result.succeeded {
                try self.rememberPort(port, serverUser: context.serverUser)
                return port
            }

            self.removeTemporarySocketDirectory(socketDirectory)
            let newLog = TextTail.contents(ofFile: self.logFile, from: logOffset)
            let portTaken = newLog.contains("already in use") || result.output.contains("already in use")
            if portTaken, self.requestedPort == nil, attempt < Self.portAttempts {
                self.logger.info("port was taken meanwhile; trying another", metadata: ["port": "\(port)"])
                continue
            }
            let hint =
                portTaken
                ? "Port \(port) on 127.0.0.1 is in use by another program: pass another port, or none to pick one."
                : """
                The server did not start; \(self.logFile) tells why. A server from another directory may use the \
                port, or the machine may lack shared memory.
                """
            throw self.failure(result, hint: hint)
        }
    }

    /// The `postgres` options `pg_ctl -o` passes on.
    func serverOptions(port: Int, socketDirectory: String) -> [String] {
        var options = [
            "-p", "\(port)",
            "-c", "listen_addresses=\(Self.host)",
            "-k", socketDirectory,
            "-c", "max_connections=\(Self.maxConnections)",
        ]
        if self.fastUnsafe {
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        } else {
            options += ["-c", "fsync=on"]
        }
        return options
    }

    /// The requested port; else the remembered one while it is free (and `freshOnly` is false); else a free one.
    func choosePort(freshOnly: Bool) throws -> Int {
        if let requested = self.requestedPort {
            return requested
        }
        if !freshOnly, let remembered = self.rememberedPort(), LoopbackPort.isFree(remembered) {
            return remembered
        }
        return try LoopbackPort.pickFree()
    }

    /// Writes the `port` file.
    func rememberPort(_ port: Int, serverUser: ServerUser?) throws {
        do {
            try Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: self.portFile), options: .atomic)
        } catch {
            throw LocalClusterError.systemCallFailed(operation: "write \(self.portFile)", reason: "\(error)")
        }
        try serverUser?.takeOwnership(of: self.portFile)
    }

    /// Waits until the server accepts connections (`pg_isready`), for up to ``startStopTimeoutSeconds``.
    func waitUntilReady(_ context: ClusterContext, port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(Self.startStopTimeoutSeconds)
        while true {
            let result = try await context.runClient(
                context.binaries.pgIsReady,
                ["-h", Self.host, "-p", "\(port)", "-U", Self.superuser, "-d", "postgres", "-t", "5"]
            )
            // 0: accepting; 1: rejecting (starting up); 2: no response; 3: bad parameters.
            if result.succeeded { return }
            if result.exitCode == 3 || ContinuousClock.now >= deadline {
                throw self.failure(
                    result,
                    hint: "The server on port \(port) did not accept connections in time; \(self.logFile) tells why."
                )
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Creates the `vdxp` database unless it exists.
    func ensureDatabase(_ context: ClusterContext, port: Int) async throws {
        let connection = [
            "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", Self.host, "-p", "\(port)", "-U", Self.superuser, "-d", "postgres",
        ]
        let check = try await context.runClient(
            context.binaries.psql,
            connection + ["-c", "SELECT 1 FROM pg_database WHERE datname = '\(Self.databaseName)'"]
        )
        guard check.succeeded else {
            throw self.failure(
                check,
                hint: "The server runs but the query failed; was this cluster made by initdb -U \(Self.superuser)?"
            )
        }
        if check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1" { return }

        self.logger.info("creating database", metadata: ["database": "\(Self.databaseName)", "port": "\(port)"])
        let create = try await context.runClient(
            context.binaries.psql,
            connection + ["-c", "CREATE DATABASE \(Self.databaseName)"]
        )
        guard create.succeeded || create.output.contains("already exists") else {
            throw self.failure(create, hint: "The server runs but refused CREATE DATABASE \(Self.databaseName).")
        }
    }

    /// Gives each service of the platform its role and schema (``ServiceDatabaseRole/provisioningScript``), as the
    /// superuser, in one transaction.
    func ensureServiceRoles(_ context: ClusterContext, port: Int) async throws {
        let sql = ServiceDatabaseRole.provisioningScript
        let result = try await context.runClient(
            context.binaries.psql,
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-h", Self.host, "-p", "\(port)", "-U", Self.superuser,
                "-d", Self.databaseName, "-c", sql,
            ]
        )
        guard result.succeeded else {
            throw self.failure(
                result, hint: "The server runs but refused to create the services' roles and schemas as the superuser.")
        }
    }
}
