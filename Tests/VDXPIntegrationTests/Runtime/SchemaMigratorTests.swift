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
}
