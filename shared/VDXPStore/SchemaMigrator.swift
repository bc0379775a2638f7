public import Logging
public import PostgresNIO

/// Applies a service's migrations to its own schema, safely when several replicas start at once.
///
/// One replica migrates at a time: each first takes a session advisory lock keyed by the schema name, asked for
/// every ``lockPollInterval`` rather than waited for inside a statement — a replica waiting in a statement would
/// hold a snapshot, which a `CREATE INDEX CONCURRENTLY` of the replica migrating waits for (a deadlock). The next
/// replica then finds the migrations applied and does nothing. Applied versions are recorded, with their names, in
/// `<schema>.schema_migrations`.
///
/// The migrations of statements pending one after another run in one transaction, each recorded in it. A migration
/// of concurrent indexes (``Migration/ConcurrentIndex``) runs outside any transaction, after those before it
/// committed, and is recorded when its indexes are valid; an index left invalid by an interrupted build is dropped and
/// built again at the next start.
///
/// On a live platform (a rolling deploy) a migration must not queue for a table's lock behind a long transaction:
/// while it waits, every query on that table waits behind it. So each statement waits at most ``lockTimeoutSeconds``
/// for its locks; past that that transaction's migrations are rolled back and tried again a little later, up to
/// ``lockAttempts`` times, then the start fails saying what holds them (``MigrationError``). A concurrent index build
/// has no such limit: it blocks no query while it waits for the transactions open on its table to end. A database that
/// applied a migration under another name than this build's of that number is refused; one with migrations newer than
/// this build's is used with a warning, migrations being additive (docs/operations.md, "Upgrades").
public struct SchemaMigrator: Sendable {
    /// The schema the service owns, e.g. `exchange`.
    public let schema: String
    /// The service's migrations, in any order.
    public let migrations: [Migration]

    /// How long one statement of a migration waits for its locks (`lock_timeout`).
    public static let lockTimeoutSeconds = 10
    /// How many times the migrations are tried when their locks are busy.
    public static let lockAttempts = 5

    /// Creates a migrator. `schema` must be a lowercase SQL identifier; `migrations` must be numbered 1, 2, 3 … without
    /// a gap or a repeat (a programming error otherwise, stopped at start-up).
    public init(schema: String, migrations: [Migration]) {
        precondition(schema.allSatisfy { $0.isLowercase || $0 == "_" }, "schema must be a lowercase identifier")
        let sorted = migrations.sorted { $0.version < $1.version }
        precondition(
            sorted.map(\.version) == Array(1...max(1, sorted.count)) || sorted.isEmpty,
            "the migrations of \(schema) must be numbered 1, 2, 3 … without a gap or a repeat")
        self.schema = schema
        self.migrations = sorted
    }

    /// Applies the migrations not yet applied and returns their versions.
    ///
    /// - Throws: ``MigrationError`` (a migration applied under another name, a statement that failed, locks busy at
    ///   every attempt).
    @discardableResult
    public func migrate(client: PostgresClient, logger: Logger, retryDelay: Duration = .seconds(2)) async throws
        -> [Int]
    {
        var attempt = 1
        while true {
            do {
                return try await migrateOnce(client: client, logger: logger)
            } catch let busy as MigrationError {
                guard case .locksBusy(let schema, let version, let name, _) = busy else { throw busy }
                guard attempt < Self.lockAttempts else {
                    throw MigrationError.locksBusy(schema: schema, version: version, name: name, attempts: attempt)
                }
                logger.warning(
                    "a migration's tables are locked by a long transaction; nothing was applied, trying again",
                    metadata: ["schema": "\(schema)", "version": "\(version)", "attempt": "\(attempt)"])
                try await Task.sleep(for: retryDelay * attempt)
                attempt += 1
            }
        }
    }

    /// How often a replica asks for the migration lock while another replica holds it.
    public static let lockPollInterval = Duration.milliseconds(200)

    /// Takes the schema's migration lock on one connection, applies what is pending, and lets the lock go.
    private func migrateOnce(client: PostgresClient, logger: Logger) async throws -> [Int] {
        let key = "vdxp.migrations." + schema
        return try await client.withConnection { connection in
            while true {
                var locked = false
                for try await taken in try await connection.query(
                    "SELECT pg_try_advisory_lock(hashtext(\(key)))", logger: logger
                ).decode(Bool.self) { locked = taken }
                if locked { break }
                try await Task.sleep(for: Self.lockPollInterval)
            }
            do {
                var applied: [Int] = []
                while true {
                    let (committed, next) = try await applyStatements(on: connection, logger: logger)
                    applied += committed
                    guard let next else { break }
                    try await buildConcurrently(next, on: connection, logger: logger)
                    applied.append(next.version)
                }
                try await connection.query("SELECT pg_advisory_unlock(hashtext(\(key)))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\(key)))", logger: logger)
                throw error
            }
        }
    }

    /// In one transaction: creates the schema and its record of migrations if needed, checks the record against this
    /// build's migrations, and applies the pending migrations of statements up to the first pending migration of
    /// concurrent indexes, which it returns as `next` (nil when none is pending).
    private func applyStatements(
        on connection: PostgresConnection, logger: Logger
    ) async throws -> (applied: [Int], next: Migration?) {
        try await connection.query("BEGIN", logger: logger)
        do {
            let result = try await applyStatementsInTransaction(on: connection, logger: logger)
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    private func applyStatementsInTransaction(
        on connection: PostgresConnection, logger: Logger
    ) async throws -> (applied: [Int], next: Migration?) {
        let schema = self.schema
        let migrations = self.migrations
        // A schema an administrator made for the service's role (docs/operations.md, "Database roles") is
        // used as it is: CREATE SCHEMA, even with IF NOT EXISTS, needs a privilege on the database the role
        // does not have.
        let existing = try await connection.query(
            "SELECT count(*) FROM pg_namespace WHERE nspname = \(schema)", logger: logger)
        var schemaExists = false
        for try await count in existing.decode(Int.self) { schemaExists = count > 0 }
        if !schemaExists {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(schema).schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """), logger: logger)
        var applied: [Int: String] = [:]
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT version, name FROM \(schema).schema_migrations"), logger: logger)
        for try await (version, name) in rows.decode((Int, String).self) { applied[version] = name }
        for migration in migrations {
            if let name = applied[migration.version], name != migration.name {
                throw MigrationError.appliedUnderAnotherName(
                    schema: schema, version: migration.version, applied: name, known: migration.name)
            }
        }
        if let newest = applied.keys.max(), newest > migrations.last?.version ?? 0 {
            logger.error(
                """
                the database has migrations newer than this build (an older build started after an upgrade, or a \
                rollback): it works on them only because migrations are additive — deploy the newer build
                """,
                metadata: [
                    "schema": "\(schema)", "applied": "\(newest)", "known": "\(migrations.last?.version ?? 0)",
                ])
        }
        let pending = migrations.filter { applied[$0.version] == nil }
        guard !pending.isEmpty else { return ([], nil) }

        try await connection.query(
            PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema), public"), logger: logger)
        // The statements' own locks only: a replica waiting for the migration lock never waits in a statement.
        try await connection.query(
            PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout TO '\(Self.lockTimeoutSeconds)s'"), logger: logger)
        var newlyApplied: [Int] = []
        for migration in pending {
            guard migration.concurrentIndexes.isEmpty else { return (newlyApplied, migration) }
            logger.info(
                "applying migration",
                metadata: ["schema": "\(schema)", "version": "\(migration.version)", "name": "\(migration.name)"])
            for statement in migration.statements {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
                    throw MigrationError.locksBusy(
                        schema: schema, version: migration.version, name: migration.name, attempts: 1)
                } catch let error as PSQLError {
                    throw MigrationError.failed(
                        schema: schema, version: migration.version, name: migration.name,
                        cause: error.loggedDescription)
                }
            }
            try await connection.query(
                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                logger: logger)
            newlyApplied.append(migration.version)
        }
        return (newlyApplied, nil)
    }

    /// Builds `migration`'s indexes with `CREATE INDEX CONCURRENTLY` (outside any transaction, on the connection that
    /// holds the migration lock, so no other replica applies it meanwhile) and records it.
    private func buildConcurrently(
        _ migration: Migration, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let schema = self.schema
        logger.info(
            "applying migration: building indexes without blocking writes",
            metadata: [
                "schema": "\(schema)", "version": "\(migration.version)", "name": "\(migration.name)",
                "indexes": "\(migration.concurrentIndexes.map(\.name).joined(separator: ", "))",
            ])
        do {
            try await connection.query(
                PostgresQuery(unsafeSQL: "SET search_path TO \(schema), public"), logger: logger)
            for index in migration.concurrentIndexes {
                // An interrupted or failed build leaves an INVALID index of that name, which IF NOT EXISTS would take
                // for done: drop it and build it again.
                let state = try await connection.query(
                    """
                    SELECT i.indisvalid FROM pg_index i
                    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = \(schema) AND c.relname = \(index.name)
                    """, logger: logger)
                var valid: Bool?
                for try await isValid in state.decode(Bool.self) { valid = isValid }
                if valid == false {
                    logger.warning(
                        "an index left invalid by an interrupted build is dropped and built again",
                        metadata: ["schema": "\(schema)", "index": "\(index.name)"])
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP INDEX CONCURRENTLY \(schema).\(index.name)"), logger: logger)
                }
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "CREATE INDEX CONCURRENTLY IF NOT EXISTS \(index.name) \(index.definition)"),
                    logger: logger)
            }
            try await connection.query(
                "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                logger: logger)
            try await connection.query("RESET search_path", logger: logger)
        } catch let error as PSQLError {
            _ = try? await connection.query("RESET search_path", logger: logger)
            throw MigrationError.failed(
                schema: schema, version: migration.version, name: migration.name, cause: error.loggedDescription)
        } catch {
            _ = try? await connection.query("RESET search_path", logger: logger)
            throw error
        }
    }
}
