import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

/// A service migrates its schema at start-up, during a rolling deploy, while the previous build's replicas still serve
/// (docs/operations.md, "Upgrades"). Real PostgreSQL.
@Suite("Schema migrations on a live platform", .serialized, .timeLimit(.minutes(5)))
struct SchemaMigratorTests {
    static let first = Migration(version: 1, name: "a table", statements: ["CREATE TABLE things (id int)"])
    static let second = Migration(
        version: 2, name: "a column", statements: ["ALTER TABLE things ADD COLUMN label text NOT NULL DEFAULT ''"])

    /// An ALTER TABLE queued behind a long transaction makes every later query on the table queue behind it: the
    /// old replicas' requests stalled until the migration could run.
    @Test(
        "a migration waiting for a lock a long transaction holds gives up, lets the table be used, retries, and names what to do when it never gets it"
    )
    func busyLocks() async throws {
        try await TemporaryDatabase.with { client, logger in
            try await SchemaMigrator(schema: "live", migrations: [Self.first]).migrate(client: client, logger: logger)
            let migrator = SchemaMigrator(schema: "live", migrations: [Self.first, Self.second])
            try await client.withConnection { holder in
                try await holder.query("BEGIN", logger: logger)
                try await holder.query("SELECT count(*) FROM live.things", logger: logger)  // ACCESS SHARE, held
                let migrating = Task { try await migrator.migrate(client: client, logger: logger, retryDelay: .zero) }
                // Meanwhile the table still answers: the waiting ALTER gives up within its lock timeout.
                let start = ContinuousClock.now
                try await client.query("INSERT INTO live.things VALUES (1)", logger: logger)
                #expect(ContinuousClock.now - start < .seconds(SchemaMigrator.lockTimeoutSeconds * 2))
                let refused = await #expect(throws: MigrationError.self) { try await migrating.value }
                let text = refused.map { "\($0)" } ?? ""
                #expect(text.contains("migration 2") && text.contains("pg_stat_activity"), "\(text)")
                #expect(text.contains("\(SchemaMigrator.lockAttempts) times"), "\(text)")
                try await holder.query("ROLLBACK", logger: logger)
            }
            let applied = try await migrator.migrate(client: client, logger: logger)
            #expect(applied == [2], "once the long transaction ended")
        }
    }

    @Test("a database that applied a migration under another name than this build's of that number is refused")
    func sameNumberTwoChanges() async throws {
        try await TemporaryDatabase.with { client, logger in
            try await SchemaMigrator(schema: "branches", migrations: [Self.first, Self.second])
                .migrate(client: client, logger: logger)
            let other = Migration(version: 2, name: "an index", statements: ["CREATE INDEX ON things (id)"])
            let refused = await #expect(throws: MigrationError.self) {
                try await SchemaMigrator(schema: "branches", migrations: [Self.first, other])
                    .migrate(client: client, logger: logger)
            }
            let text = refused.map { "\($0)" } ?? ""
            #expect(text.contains("\"a column\"") && text.contains("\"an index\""), "\(text)")
        }
    }

    @Test("an older build starts on a newer schema (migrations are additive) and applies nothing")
    func olderBuild() async throws {
        try await TemporaryDatabase.with { client, logger in
            try await SchemaMigrator(schema: "rollback", migrations: [Self.first, Self.second])
                .migrate(client: client, logger: logger)
            let applied = try await SchemaMigrator(schema: "rollback", migrations: [Self.first])
                .migrate(client: client, logger: logger)
            #expect(applied.isEmpty)
        }
    }

    @Test("a failed statement names the schema, the migration and PostgreSQL's reason, and applies nothing")
    func failedStatement() async throws {
        try await TemporaryDatabase.with { client, logger in
            let broken = Migration(version: 2, name: "a typo", statements: ["ALTER TABLE thing ADD COLUMN x int"])
            let refused = await #expect(throws: MigrationError.self) {
                try await SchemaMigrator(schema: "typo", migrations: [Self.first, broken])
                    .migrate(client: client, logger: logger)
            }
            let text = refused.map { "\($0)" } ?? ""
            #expect(text.contains("schema typo: migration 2 (\"a typo\")") && text.contains("42P01"), "\(text)")
            let schemas = try await client.query(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'typo'", logger: logger
            ).collect().first?.decode(Int.self)
            #expect(schemas == 0, "migration 1 was rolled back with it")
        }
    }

    // MARK: - Indexes built concurrently

    static let index = Migration(
        version: 2, name: "an index", concurrentIndexes: [.init("things_by_id", "ON things (id)")])

    /// Whether `name` in `schema` is a valid index; nil when there is none.
    static func indexIsValid(_ name: String, in schema: String, _ client: PostgresClient, _ logger: Logger)
        async throws -> Bool?
    {
        try await client.query(
            """
            SELECT i.indisvalid FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relname = \(name)
            """, logger: logger
        ).collect().first?.decode(Bool.self)
    }

    /// A plain CREATE INDEX queued behind a write transaction holds every later write to the table until it is built:
    /// on `exchange.deliveries`, every send of the platform during an upgrade.
    @Test("an index built concurrently lets the table take writes while it waits for a transaction open on it")
    func concurrentIndexLetsWritesThrough() async throws {
        try await TemporaryDatabase.with { client, logger in
            try await SchemaMigrator(schema: "busy", migrations: [Self.first]).migrate(client: client, logger: logger)
            let migrator = SchemaMigrator(schema: "busy", migrations: [Self.first, Self.index])
            try await client.withConnection { holder in
                try await holder.query("BEGIN", logger: logger)
                try await holder.query("INSERT INTO busy.things VALUES (0)", logger: logger)
                let migrating = Task { try await migrator.migrate(client: client, logger: logger, retryDelay: .zero) }
                // The build is waiting for the open transaction.
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let waiting = try await client.query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE query LIKE 'CREATE INDEX%' AND wait_event_type = 'Lock'
                        """, logger: logger
                    ).collect().first?.decode(Int.self)
                    if waiting == 1 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                // A write meanwhile goes through at once; queued behind a plain CREATE INDEX it would wait, and fail
                // at its statement timeout.
                try await client.withConnection { writer in
                    try await writer.query("SET statement_timeout TO '5s'", logger: logger)
                    try await writer.query("INSERT INTO busy.things VALUES (1)", logger: logger)
                    try await writer.query("RESET statement_timeout", logger: logger)
                }
                let recorded = try await client.query(
                    "SELECT count(*) FROM busy.schema_migrations WHERE version = 2", logger: logger
                ).collect().first?.decode(Int.self)
                #expect(recorded == 0, "the migration is recorded only when its index is built")
                try await holder.query("COMMIT", logger: logger)
                #expect(try await migrating.value == [2])
            }
            #expect(try await Self.indexIsValid("things_by_id", in: "busy", client, logger) == true)
            #expect(try await migrator.migrate(client: client, logger: logger).isEmpty, "applied once")
        }
    }

    @Test(
        "a concurrent build that fails is not recorded, lets the lock go, and its invalid index is built again at the next start"
    )
    func failedConcurrentBuild() async throws {
        try await TemporaryDatabase.with { client, logger in
            try await SchemaMigrator(schema: "dupes", migrations: [Self.first]).migrate(client: client, logger: logger)
            try await client.query("INSERT INTO dupes.things VALUES (7), (7)", logger: logger)
            let unique = Migration(
                version: 2, name: "a unique index", concurrentIndexes: [.init("things_unique", "ON things (id)")])
            // A unique index over duplicates fails half-way, as a build interrupted by a restart would: it is left
            // INVALID.
            await #expect(throws: (any Error).self) {
                try await client.query(
                    "CREATE UNIQUE INDEX CONCURRENTLY things_unique ON dupes.things (id)", logger: logger)
            }
            #expect(try await Self.indexIsValid("things_unique", in: "dupes", client, logger) == false)
            let migrator = SchemaMigrator(schema: "dupes", migrations: [Self.first, unique])
            #expect(try await migrator.migrate(client: client, logger: logger) == [2])
            #expect(
                try await Self.indexIsValid("things_unique", in: "dupes", client, logger) == true,
                "the invalid index was dropped and built again, not taken for done")

            let failing = Migration(
                version: 3, name: "an index on a typo", concurrentIndexes: [.init("thing_by_id", "ON thing (id)")])
            let refused = await #expect(throws: MigrationError.self) {
                try await SchemaMigrator(schema: "dupes", migrations: [Self.first, unique, failing])
                    .migrate(client: client, logger: logger)
            }
            let text = refused.map { "\($0)" } ?? ""
            #expect(text.contains("schema dupes: migration 3") && text.contains("42P01"), "\(text)")
            let recorded = try await client.query(
                "SELECT max(version) FROM dupes.schema_migrations", logger: logger
            ).collect().first?.decode(Int.self)
            #expect(recorded == 2)
            let locks = try await client.query(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", logger: logger
            ).collect().first?.decode(Int.self)
            #expect(locks == 0, "the migration lock was let go")
        }
    }

    @Test("two replicas starting at once apply statements and a concurrent index once, without a deadlock")
    func replicasAtOnce() async throws {
        try await TemporaryDatabase.with { client, logger in
            let third = Migration(
                version: 3, name: "another column", statements: ["ALTER TABLE things ADD COLUMN note text"])
            let migrator = SchemaMigrator(schema: "pair", migrations: [Self.first, Self.index, third])
            async let one = migrator.migrate(client: client, logger: logger)
            async let other = migrator.migrate(client: client, logger: logger)
            let (a, b) = try await (one, other)
            #expect((a + b).sorted() == [1, 2, 3], "\(a) and \(b)")
            #expect(a.isEmpty || b.isEmpty, "one replica applied everything: \(a) and \(b)")
            #expect(try await Self.indexIsValid("things_by_id", in: "pair", client, logger) == true)
        }
    }
}
