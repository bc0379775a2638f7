public import Logging
public import PostgresNIO
import Synchronization

/// A service's PostgreSQL: the connection pool every store uses, and whether the database can be reached right now.
///
/// It wraps postgres-nio's `PostgresClient` for two reasons an operator sees:
/// - **Fail fast during an outage.** ``DatabaseProbe`` checks the server every second on its own connection and
///   records the answer with ``markReachable(_:)``. While the server is unreachable every operation here throws
///   ``DatabaseUnavailableError`` at once (the RPC layer answers UNAVAILABLE), instead of waiting in the pool's queue
///   for a connection that cannot be made — postgres-nio keeps such a request waiting until its circuit breaker
///   trips, about a minute. When an outage begins, the queries still waiting for an answer are answered with
///   ``DatabaseUnavailableError`` (postgres-nio can leave a query on a dying connection unanswered for good), and the
///   pool is replaced: the old one is shut down, which fails the requests waiting in its queue and closes its
///   connections. Every query of a store goes through ``query(_:on:logger:file:line:)``, ``execute(_:on:logger:file:
///   line:)`` or ``transaction(logger:_:)`` for that reason, never straight to a `PostgresConnection`.
/// - **Reconnect promptly after it.** postgres-nio backs off between failed connection attempts up to a minute, so
///   a pool that failed for a while stays disconnected long after PostgreSQL is back. When the probe sees the server
///   answer again after an outage, the pool is replaced again by a fresh one, which connects at once.
///
/// ```swift
/// let database = Database(configuration: url.clientConfiguration(), logger: logger)
/// // in the service group: database.run() first, then DatabaseProbe(database: database, …)
/// let rows = try await database.query("SELECT 1", logger: logger)
/// ```
public final class Database: Sendable {
    private let configuration: PostgresClient.Configuration
    private let backgroundLogger: Logger
    private let state: Mutex<State>
    private let replacements: AsyncStream<PostgresClient>
    private let replacementContinuation: AsyncStream<PostgresClient>.Continuation
    private let inFlight = InFlightQueries()
    private let started = OneShot<Void>()

    private struct State {
        var client: PostgresClient
        var reachable = true
        /// The pool in use now: counted up by each ``renew()``.
        var generation = 0
        /// The first pool whose connections may still be used: connections taken from an older pool before an outage
        /// began or a restart was found are on a server that is gone, and a statement written to one may never be
        /// answered.
        var firstUsable = 0
    }

    /// The database and pool a connection in use in this task was taken from (set by ``withConnection(_:)``).
    private struct Lease: Sendable {
        let database: ObjectIdentifier
        let generation: Int
    }

    @TaskLocal private static var lease: Lease?

    /// The settings each pool is made with.
    public var clientConfiguration: PostgresClient.Configuration { configuration }

    /// Creates the pool; call ``run()`` before the first query.
    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.backgroundLogger = logger
        self.state = Mutex(State(client: PostgresClient(configuration: configuration, backgroundLogger: logger)))
        (self.replacements, self.replacementContinuation) = AsyncStream.makeStream()
    }

    /// The pool in use now. Take it for one operation and let it go: after ``renew()`` it is shut down.
    public var client: PostgresClient { state.withLock { $0.client } }

    /// Runs the pool (and every pool that replaces it) until the calling task is cancelled, then closes it — waiting
    /// at most `closeLimit` for its connections to close, so that a pool that never finishes closing cannot hold a
    /// service's shutdown (the operating system closes what is left when the process exits).
    public func run(closeLimit: Duration = .seconds(10)) async {
        var running: [Task<Void, Never>] = []
        let (first, started) = (client, started)
        running.append(
            Task {
                started.set(.success(()))
                await first.run()
            })
        await withTaskCancellationHandler {
            for await next in replacements {
                let retired = running
                running = [Task { await next.run() }]
                for task in retired { task.cancel() }
            }
        } onCancel: {
            replacementContinuation.finish()
        }
        for task in running { task.cancel() }
        let pools = running
        if await !finishes(within: closeLimit, { for pool in pools { await pool.value } }) {
            backgroundLogger.error(
                "the database pool did not close within \(closeLimit) of shutdown; leaving its connections open",
                metadata: ["pools": "\(pools.count)"])
        }
    }

    /// Returns once ``run(closeLimit:)`` has started the first pool: its first query may then be sent without
    /// postgres-nio warning that the pool is not running yet.
    public func waitUntilRunning() async {
        _ = try? await started.value
    }

    /// Replaces the pool with a fresh one that connects at once. The old one is shut down: requests waiting in its
    /// queue fail with `ConnectionPoolError.poolShutdown` and its connections are closed, so operations still holding
    /// one fail (a transaction is rolled back by the server).
    public func renew() {
        let fresh = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        state.withLock { state in
            state.client = fresh
            state.generation += 1
        }
        replacementContinuation.yield(fresh)
    }

    /// Whether the last probe reached the server (true until a probe says otherwise).
    public var isReachable: Bool { state.withLock { $0.reachable } }

    /// Records that the server restarted since the probe last asked it (a new `pg_postmaster_start_time()`), too
    /// quickly for the probe to find it gone: the restart closed every connection of the pool, and postgres-nio may
    /// never answer a query written to one of them. Fails the work still waiting with ``DatabaseUnavailableError``
    /// (the caller retries) and renews the pool.
    public func serverRestarted() {
        retireConnectionsInUse()
        inFlight.failAll(with: DatabaseUnavailableError())
        renew()
    }

    /// Makes every connection taken from the pools so far unusable: a statement asked on one later answers
    /// ``DatabaseUnavailableError`` at once. The in-flight registry fails only what was asked already; a transaction
    /// between two statements when the outage is found would otherwise write its next one to a connection the server
    /// no longer holds: answered by nobody until TCP keepalive gives up, or — once the retired pool has closed it — a
    /// connection error that the RPC layer takes for a fault (INTERNAL) rather than an outage (UNAVAILABLE, retry).
    private func retireConnectionsInUse() {
        state.withLock { $0.firstUsable = $0.generation + 1 }
    }

    /// Records what the probe found. A change either way renews the pool (``renew()``): at the start of an outage
    /// so that no operation keeps waiting on the old pool, at its end so that the service reconnects at once.
    public func markReachable(_ reachable: Bool) {
        let changed = state.withLock { state in
            defer { state.reachable = reachable }
            return state.reachable != reachable
        }
        guard changed else { return }
        if !reachable {
            retireConnectionsInUse()
            inFlight.failAll(with: DatabaseUnavailableError())
        }
        renew()
    }

    /// The pool to use now, or ``DatabaseUnavailableError`` while the last probe could not reach the server.
    private func reachableClient() throws(DatabaseUnavailableError) -> PostgresClient {
        try reachableClientAndGeneration().client
    }

    /// The pool to use now and its generation, or ``DatabaseUnavailableError`` while the last probe could not reach
    /// the server.
    private func reachableClientAndGeneration() throws(DatabaseUnavailableError) -> (
        client: PostgresClient, generation: Int
    ) {
        let (client, generation, reachable) = state.withLock { ($0.client, $0.generation, $0.reachable) }
        guard reachable else { throw DatabaseUnavailableError() }
        return (client, generation)
    }

    /// Runs one query on a pooled connection.
    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        let client = try reachableClient()
        return try await inFlight.run { try await client.query(query, logger: logger, file: file, line: line) }
    }

    /// Runs one query on `connection` when one is given (a store called inside its caller's transaction), else on a
    /// pooled connection — the one place that choice is made, so that every store method can take an optional
    /// connection and compose into a caller's transaction.
    @discardableResult
    public func query(
        _ query: PostgresQuery, on connection: PostgresConnection?, logger: Logger, file: String = #fileID,
        line: Int = #line
    ) async throws -> PostgresRowSequence {
        guard let connection else { return try await self.query(query, logger: logger, file: file, line: line) }
        return try await runStatement(on: connection) {
            try await connection.query(query, logger: logger, file: file, line: line)
        }
    }

    /// Runs a prepared statement (``PreparedStatement``) on `connection` when one is given, else on a pooled connection,
    /// like ``query(_:on:logger:file:line:)``; returns its rows, read whole.
    ///
    /// A statement the server refuses closes its connection (the server rolls back what was open on it), so that the
    /// next run gets a fresh one: postgres-nio keeps a statement whose preparation failed — a table missing during a
    /// migration, a lock wait that timed out — failed on that connection for good, without asking the server again.
    /// Prepare only statements that do not fail in normal operation (not an insert that may hit a unique key).
    public func execute<Query: PreparedStatement>(
        _ query: Query, on connection: PostgresConnection?, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> [PostgresRow] {
        guard let connection else {
            return try await withConnection { try await execute(query, on: $0, logger: logger, file: file, line: line) }
        }
        do {
            return try await runStatement(on: connection) {
                try await Self.rows(of: connection.execute(query, logger: logger, file: file, line: line))
            }
        } catch let error as PSQLError where error.serverInfo != nil {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `work`, a statement on `connection`, as one that an outage can answer (``InFlightQueries``) — or answers
    /// ``DatabaseUnavailableError`` without running it while the server is unreachable or the connection is closed: a
    /// statement written to a closed connection is never answered (postgres-nio drops the failed write), as after a
    /// restart the probe has just declared.
    private func runStatement<Result: Sendable>(
        on connection: PostgresConnection, _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        guard !connection.isClosed, mayAsk(under: Self.lease) else { throw DatabaseUnavailableError() }
        return try await inFlight.run(work)
    }

    /// Whether a statement may be asked now on a connection taken under `lease` (this task's): the server is
    /// reachable, and the connection was not taken from a pool that an outage or a restart has retired since (a lease
    /// of another database does not count).
    private func mayAsk(under lease: Lease?) -> Bool {
        let ours = lease.flatMap { $0.database == ObjectIdentifier(self) ? $0.generation : nil }
        return state.withLock { state in
            state.reachable && (ours.map { $0 >= state.firstUsable } ?? true)
        }
    }

    private static func rows<Rows: AsyncSequence<PostgresRow, any Error>>(of sequence: Rows) async throws
        -> [PostgresRow]
    {
        var rows: [PostgresRow] = []
        for try await row in sequence { rows.append(row) }
        return rows
    }

    /// Runs `body` with a pooled connection.
    ///
    /// A body that ends because its task was cancelled may leave a query in flight (a cancelled caller does not wait
    /// for it: postgres-nio ignores cancellation, and may never answer a query on a connection the server closed) or a
    /// transaction open; one that ends with ``DatabaseUnavailableError`` ran on a connection of a server found gone or
    /// restarted. Either way its connection is closed rather than handed to the next caller, and the server rolls back
    /// what was open.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let (client, generation) = try reachableClientAndGeneration()
        let lease = Lease(database: ObjectIdentifier(self), generation: generation)
        return try await client.withConnection { connection in
            do {
                return try await Self.$lease.withValue(lease) { try await body(connection) }
            } catch {
                // Closed before the lease is given back, so that the pool never hands it out again. Closing is local
                // (the channel closes; no answer from the server is awaited).
                if Self.mayHaveLeftConnectionInFlight(error) { try? await connection.close() }
                throw error
            }
        }
    }

    /// Whether a body that threw `error` may have left its connection with a query in flight or on a dead server:
    /// cancelled (its caller does not wait for its query), or failed by the probe's finding
    /// (``DatabaseUnavailableError``: a query written to a connection the server closed may never be answered).
    private static func mayHaveLeftConnectionInFlight(_ error: any Error) -> Bool {
        Task.isCancelled || error is DatabaseUnavailableError
    }

    /// Runs `body` in a transaction (BEGIN … COMMIT, ROLLBACK if it throws), rethrowing `body`'s own error (or else
    /// BEGIN's or COMMIT's) unchanged, so that a domain error or a unique violation reaches its caller as it is. Run
    /// the body's statements with ``query(_:on:logger:file:line:)`` on the connection it is given. `commit` says
    /// whether COMMIT waits for the disk (the default) or not.
    public func transaction<Result: Sendable>(
        logger: Logger,
        commit: CommitWait = .durable,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await self.query("BEGIN", on: connection, logger: logger)
            let result: Result
            do {
                if commit == .withoutFlush {
                    try await self.query("SET LOCAL synchronous_commit TO off", on: connection, logger: logger)
                }
                result = try await body(connection)
            } catch {
                // A failed ROLLBACK means a lost connection, and the server rolls back on its own. Cancelled, or with
                // the server found gone or restarted, a ROLLBACK may never be answered: the connection is closed
                // instead (``withConnection(_:)``).
                if !Self.mayHaveLeftConnectionInFlight(error) {
                    _ = try? await self.query("ROLLBACK", on: connection, logger: logger)
                }
                throw error
            }
            try await self.query("COMMIT", on: connection, logger: logger)
            return result
        }
    }
}

/// What a transaction's COMMIT waits for.
public enum CommitWait: Sendable, Equatable {
    /// The commit on disk (`synchronous_commit` as the server has it, `on` by default): for everything the platform
    /// answers as done.
    case durable
    /// Only the commit itself (`SET LOCAL synchronous_commit TO off`): visible to others at once and never
    /// half-applied, but a crash of PostgreSQL within about 0.6 s (three times `wal_writer_delay`) may lose it. Only
    /// for state that may be lost and is then taken again, such as a delivery's lease (the entry is leased anew).
    case withoutFlush
}

/// The database could not be reached at the last probe (``DatabaseProbe``), so the operation was not tried: retry
/// shortly. The RPC layer answers it with UNAVAILABLE.
public struct DatabaseUnavailableError: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    public var description: String { "the database could not be reached at the last probe; retry shortly" }
}
