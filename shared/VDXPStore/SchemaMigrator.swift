public import Logging
public import PostgresNIO

/// Applies a service's migrations to its own schema, safely when several replicas start at once.
///
/// Everything happens in one transaction that first takes a transaction-scoped advisory lock keyed by the schema
/// name: a second replica waits for the first to commit, then finds the migrations applied and does nothing.
/// Applied versions are recorded in `<schema>.schema_migrations`.
public struct SchemaMigrator: Sendable {
    /// The schema the service owns, e.g. `exchange`.
    public let schema: String
    /// The service's migrations, in any order.
    public let migrations: [Migration]

    /// Creates a migrator. `schema` must be a lowercase SQL identifier.
    public init(schema: String, migrations: [Migration]) {
        precondition(schema.allSatisfy { $0.isLowercase || $0 == "_" }, "schema must be a lowercase identifier")
        precondition(Set(migrations.map(\.version)).count == migrations.count, "migration versions must be unique")
        self.schema = schema
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies the migrations not yet applied and returns their versions.
    @discardableResult
    public func migrate(client: PostgresClient, logger: Logger) async throws -> [Int] {
        let schema = self.schema
        let migrations = self.migrations
        return try await client.transaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\("vdxp.migrations." + schema)))", logger: logger)
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
            var applied = Set<Int>()
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT version FROM \(schema).schema_migrations"), logger: logger)
            for try await version in rows.decode(Int.self) { applied.insert(version) }

            try await connection.query(
                PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema), public"), logger: logger)
            var newlyApplied: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                logger.info(
                    "applying migration",
                    metadata: ["schema": "\(schema)", "version": "\(migration.version)", "name": "\(migration.name)"])
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                newlyApplied.append(migration.version)
            }
            return newlyApplied
        }
    }
}
