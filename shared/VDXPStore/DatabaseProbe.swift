import Foundation
public import Logging
import NIOCore
public import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Asks PostgreSQL when it started (`pg_postmaster_start_time()`) every ``interval`` on a connection of its own
/// (outside the pool, so that the pool's backoff never hides the server's return), and keeps ``Database/isReachable``
/// true to what it finds.
///
/// A refused or broken connection counts as unreachable at once; connecting or answering later than ``timeout`` does
/// from the second time in a row (a frozen server, a dropped network — but not one slow moment on a loaded machine).
/// ``Database/markReachable(_:)`` renews the pool when the answer changes: at the start of an outage so that nothing
/// keeps waiting on it, at the end so that the service reconnects at once rather than after postgres-nio's backoff
/// (up to a minute). The health board and the RPC layer read ``Database/isReachable``.
///
/// A server that restarted between two probes (a `pg_ctl restart` takes about a second) is no outage the probe
/// sees, yet it closed every connection of the pool, and a query written to one of them may wait forever: a start
/// time other than the last one seen calls ``Database/serverRestarted()``, which fails that work and renews the pool.
public struct DatabaseProbe: Service {
    let database: Database
    let connection: PostgresConnection.Configuration
    let interval: Duration
    let timeout: Duration
    let logger: Logger

    /// Creates the probe.
    ///
    /// - Parameters:
    ///   - database: The pool whose reachability it keeps.
    ///   - connection: How to open the probe's own connection (`DatabaseURL.connectionConfiguration()`); its connect
    ///     timeout is raised above `timeout`, so that the probe's own limit decides.
    ///   - interval: Time between probes (1 s).
    ///   - timeout: The longest wait for connecting or answering (2 s).
    public init(
        database: Database, connection: PostgresConnection.Configuration, interval: Duration = .seconds(1),
        timeout: Duration = .seconds(2), logger: Logger
    ) {
        self.database = database
        // The probe's own limit decides when connecting is too slow (and forgives it once): the driver's connect
        // timeout, 1 s by default, would fail a connection on a loaded machine before it, as if it were refused.
        var connection = connection
        connection.options.connectTimeout = .seconds((timeout + .seconds(1)).components.seconds)
        self.connection = connection
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    public func run() async throws {
        var open: PostgresConnection?
        var probeID = 0
        var downSince: ContinuousClock.Instant?
        var timeoutsInARow = 0
        var serverStart: Date?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if open == nil || open?.isClosed == true {
                    probeID += 1
                    open = try await Self.connect(connection, id: probeID, within: timeout, logger: logger)
                }
                if let current = open {
                    let started = try await awaitingAtMost(timeout) { [logger] in
                        try await current.query("SELECT pg_postmaster_start_time()", logger: logger).collect()
                            .first?.decode(Date.self)
                    }
                    if let started {
                        // After a declared outage the pool is renewed anyway (below).
                        if let known = serverStart, known != started, downSince == nil {
                            logger.warning(
                                "the database restarted: failing what waits on its old connections, renewing the pool"
                            )
                            database.serverRestarted()
                        }
                        serverStart = started
                    }
                }
                if let since = downSince {
                    logger.notice(
                        "the database answers again; renewing the connection pool",
                        metadata: ["outage_seconds": "\((ContinuousClock.now - since).components.seconds)"])
                    downSince = nil
                }
                timeoutsInARow = 0
                database.markReachable(true)
            } catch is CancellationError where Task.isCancelled {
                // The end of a shutdown, not an outage: the pool is neither failed nor renewed.
                break
            } catch {
                if let current = open { Task { try? await current.close() } }
                open = nil
                if Self.isSlow(error) {
                    timeoutsInARow += 1
                    if timeoutsInARow < 2 {
                        try? await Task.sleep(for: interval)
                        continue
                    }
                }
                if downSince == nil {
                    downSince = .now
                    logger.error(
                        "the database cannot be reached; failing its pending work and refusing new work until it answers",
                        metadata: ["error": "\(loggedDescription(of: error))"])
                }
                database.markReachable(false)
            }
            try? await Task.sleep(for: interval)
        }
        if let current = open { _ = await finishes(within: timeout) { try? await current.close() } }
    }

    /// Whether `error` says the server was slow rather than refused or broken: the probe's own limit, or a
    /// driver's connect timeout.
    static func isSlow(_ error: any Error) -> Bool {
        if error is AwaitTimeout { return true }
        guard let error = error as? PSQLError, error.code == .connectionError,
            let cause = error.underlying as? ChannelError, case .connectTimeout = cause
        else { return false }
        return true
    }

    /// A new connection, or a timeout error after `limit`; a connection that arrives after the timeout is closed.
    static func connect(
        _ configuration: PostgresConnection.Configuration, id: Int, within limit: Duration, logger: Logger
    ) async throws -> PostgresConnection {
        try await awaitingAtMost(limit) {
            try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        } discardingLate: { connection in
            try? await connection.close()
        }
    }
}
