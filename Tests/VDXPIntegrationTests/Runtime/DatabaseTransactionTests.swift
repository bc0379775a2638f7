import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

/// `Database.transaction(commit:)`: what a transaction's COMMIT waits for, against a real PostgreSQL.
@Suite("Database transactions", .timeLimit(.minutes(3)))
struct DatabaseTransactionTests {
    @Test("a transaction that need not wait for the disk commits with synchronous_commit off, and only that one")
    func commitWithoutFlush() async throws {
        // One connection: the later transactions run on the connection the first one relaxed.
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            func setting(on connection: PostgresConnection) async throws -> String {
                var value = ""
                for try await row in try await database.query(
                    "SHOW synchronous_commit", on: connection, logger: logger
                ).decode(String.self) {
                    value = row
                }
                return value
            }
            // Test clusters run without crash safety; make this session's default durable, as in production.
            try await database.withConnection {
                _ = try await database.query("SET synchronous_commit TO on", on: $0, logger: logger)
            }
            let relaxed = try await database.transaction(logger: logger, commit: .withoutFlush) {
                try await setting(on: $0)
            }
            let durable = try await database.transaction(logger: logger) { try await setting(on: $0) }
            let after = try await database.withConnection { try await setting(on: $0) }
            #expect(relaxed == "off")
            #expect(durable == "on")
            #expect(after == "on")
        }
    }

    @Test("a transaction whose body throws is rolled back, and its connection serves the next transaction")
    func rollbackOnThrow() async throws {
        struct Refused: Error {}
        // One connection: the next transactions run on the connection the failed ones returned to the pool.
        try await TemporaryDatabase.withDatabase(maximumConnections: 1) { database, logger in
            try await database.withConnection {
                _ = try await database.query("CREATE TABLE notes (text text NOT NULL)", on: $0, logger: logger)
            }
            // The body's own error, after a write: the write is undone, the error reaches the caller unchanged.
            await #expect(throws: Refused.self) {
                try await database.transaction(logger: logger) { connection in
                    _ = try await database.query("INSERT INTO notes VALUES ('refused')", on: connection, logger: logger)
                    throw Refused()
                }
            }
            // A statement the server refuses leaves the transaction aborted until it is rolled back.
            await #expect(throws: PSQLError.self) {
                try await database.transaction(logger: logger) { connection in
                    _ = try await database.query("INSERT INTO notes VALUES (NULL)", on: connection, logger: logger)
                }
            }
            try await database.transaction(logger: logger) { connection in
                _ = try await database.query("INSERT INTO notes VALUES ('kept')", on: connection, logger: logger)
            }
            let notes = try await database.withConnection { connection in
                var notes: [String] = []
                for try await text in try await database.query(
                    "SELECT text FROM notes ORDER BY text", on: connection, logger: logger
                ).decode(String.self) {
                    notes.append(text)
                }
                return notes
            }
            #expect(notes == ["kept"])
        }
    }
}
