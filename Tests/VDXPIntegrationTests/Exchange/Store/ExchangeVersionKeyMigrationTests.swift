import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPStore

@testable import VDXPExchange

/// Exchange's schema version 8 on documents stored before it (Art. 15.4: an UPDATE keeps the document's number, so
/// versions are keyed by (document id, version)). Before 8 an UPDATE had an id of its own; its rows, chunks and
/// deliveries must keep their version, and the superseded version must name its successor's version.
@Suite("Exchange migration 8: versions keyed by (document id, version) on stored documents", .serialized)
struct ExchangeVersionKeyMigrationTests {
    @Test("an original and its UPDATE stored under two ids keep their rows, chunks and deliveries under their versions")
    func storedLineageKeepsItsVersions() async throws {
        try await TemporaryDatabase.with { client, logger in try await Self.check(client: client, logger: logger) }
    }

    /// Writes a lineage as versions 1–7 left it, migrates to version 8 and reads what it became.
    private static func check(client: PostgresClient, logger: Logger) async throws {
        let before = SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all.filter { $0.version < 8 })
        _ = try await before.migrate(client: client, logger: logger)
        let original = "000.00.00.G22,2026,12/VPCP-TTĐT"
        let update = "000.00.00.G22,2026,13/VPCP-TTĐT"
        try await client.query(
            """
            INSERT INTO exchange.documents
                (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                 lineage_id, version, superseded_by, business_type, related_document_id)
            VALUES (\(original), '000.00.00.G22', '\\x0a', '\\x00', 0, 1, 3, \(original), 1, \(update), 0, NULL),
                   (\(update), '000.00.00.G22', '\\x0b', '\\x01', 0, 1, 3, \(original), 2, NULL, 2, \(original))
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO exchange.attachment_chunks (document_id, attachment_index, chunk_index, data)
            VALUES (\(original), 0, 0, '\\x010203'), (\(update), 0, 0, '\\x040506')
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO exchange.deliveries (delivery_id, document_id, recipient, priority, state)
            VALUES (gen_random_uuid(), \(original), '000.00.00.H26', 0, 3),
                   (gen_random_uuid(), \(update), '000.00.00.H26', 0, 1)
            """, logger: logger)

        let after = SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all.filter { $0.version <= 8 })
        #expect(try await after.migrate(client: client, logger: logger) == [8])

        func versions(_ sql: PostgresQuery) async throws -> [String: Int] {
            var found: [String: Int] = [:]
            for try await (id, version) in try await client.query(sql, logger: logger).decode((String, Int32).self) {
                found[id] = Int(version)
            }
            return found
        }
        #expect(
            try await versions("SELECT document_id, version FROM exchange.documents")
                == [original: 1, update: 2])
        #expect(
            try await versions("SELECT document_id, version FROM exchange.attachment_chunks")
                == [original: 1, update: 2], "each chunk keeps its document's version")
        #expect(
            try await versions("SELECT document_id, version FROM exchange.deliveries")
                == [original: 1, update: 2], "each delivery keeps its document's version")
        #expect(
            try await versions(
                "SELECT document_id, superseded_by_version FROM exchange.documents WHERE superseded_by IS NOT NULL")
                == [original: 2], "the superseded original names its successor's version")

        // From now on an UPDATE may reuse its document's id as the next version (Art. 15.4), one copy each.
        try await client.query(
            """
            INSERT INTO exchange.documents
                (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                 lineage_id, version, business_type, related_document_id)
            VALUES (\(update), '000.00.00.G22', '\\x0c', '\\x02', 0, 0, 0, \(original), 3, 2, \(update))
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO exchange.deliveries (delivery_id, document_id, version, recipient, priority, state)
            VALUES (gen_random_uuid(), \(update), 3, '000.00.00.H26', 0, 1)
            """, logger: logger)
        await #expect(throws: PSQLError.self, "a second copy of one version for one recipient") {
            try await client.query(
                """
                INSERT INTO exchange.deliveries (delivery_id, document_id, version, recipient, priority, state)
                VALUES (gen_random_uuid(), \(update), 3, '000.00.00.H26', 0, 1)
                """, logger: logger)
        }
    }
}
