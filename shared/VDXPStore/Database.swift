public import Logging
public import PostgresNIO
import Synchronization

/// A service's PostgreSQL: the connection pool every store uses, and whether the database can be reached right now.
///
/// It wraps postgres-nio's `PostgresClient` for two reasons an operator sees:
/// - **Fail fast during an outage.** ``DatabaseProbe`` checks the server every second on its own connection and
///   records the answer in ``isReachable``; the RPC layer answers UNAVAILABLE at once while it is false, instead of
///   letting calls queue for a connection until the client's deadline.
/// - **Reconnect promptly after it.** postgres-nio backs off between failed connection attempts up to a minute, so
///   a pool that failed for a while stays disconnected long after PostgreSQL is back. When the probe sees the server
///   answer again after an outage, ``renew()`` swaps in a fresh pool, which connects at once.
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

    private struct State {
        var client: PostgresClient
        var reachable = true
    }

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

    /// Runs the pool (and every pool that replaces it) until the calling task is cancelled.
    public func run() async {
        var running: [Task<Void, Never>] = []
        let first = client
        running.append(Task { await first.run() })
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
        for task in running { await task.value }
    }

    /// Replaces the pool with a fresh one that connects at once; operations already holding the old one finish or
    /// fail with it.
    public func renew() {
        let fresh = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        state.withLock { $0.client = fresh }
        replacementContinuation.yield(fresh)
    }

    /// Whether the last probe reached the server (true until a probe says otherwise).
    public var isReachable: Bool { state.withLock { $0.reachable } }

    /// Records what the probe found.
    public func markReachable(_ reachable: Bool) {
        state.withLock { $0.reachable = reachable }
    }

    /// Runs one query on a pooled connection.
    public func query(
        _ query: PostgresQuery, logger: Logger? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        try await client.query(query, logger: logger, file: file, line: line)
    }

    /// Runs one query on `connection` when one is given (a store called inside its caller's transaction), else on a
    /// pooled connection — the one place that choice is made, so that every store method can take an optional
    /// connection and compose into a caller's transaction.
    public func query(
        _ query: PostgresQuery, on connection: PostgresConnection?, logger: Logger, file: String = #fileID,
        line: Int = #line
    ) async throws -> PostgresRowSequence {
        if let connection { return try await connection.query(query, logger: logger, file: file, line: line) }
        return try await client.query(query, logger: logger, file: file, line: line)
    }

    /// Runs `body` with a pooled connection.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.withConnection { connection in try await body(connection) }
    }

    /// Runs `body` in a transaction (BEGIN … COMMIT, ROLLBACK if it throws), rethrowing the error that caused a
    /// failure itself — the closure's, else BEGIN's or COMMIT's — rather than postgres-nio's
    /// `PostgresTransactionError` wrapper, so that a domain error or a unique violation reaches its caller unchanged.
    public func transaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await client.transaction(logger: logger, body)
    }
}
