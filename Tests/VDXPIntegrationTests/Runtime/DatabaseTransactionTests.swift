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
}
