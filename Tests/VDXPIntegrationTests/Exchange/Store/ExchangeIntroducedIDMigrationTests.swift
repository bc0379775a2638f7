import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPExchange

/// Exchange's schema version 10 on documents stored before it (Art. 12.1: one document id names one document). The
/// later versions of a kept id do not introduce it; an id already taken twice (possible before 10, through a commit
/// group) must not stop the migration — the first keeps it — and from then on no id can be taken twice.
@Suite("Exchange migration 10: an id is introduced once", .serialized)
struct ExchangeIntroducedIDMigrationTests {
    @Test("kept-id versions and an id taken twice before migrate; afterwards a second taker is refused")
    func storedDocumentsMigrate() async throws {
        try await TemporaryDatabase.with { client, logger in try await Self.check(client: client, logger: logger) }
    }

    private static func check(client: PostgresClient, logger: Logger) async throws {
        let before = SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all.filter { $0.version < 10 })
        _ = try await before.migrate(client: client, logger: logger)
        let kept = "000.00.00.G22,2026,21/VPCP-TTĐT"
        let twice = "000.00.00.G22,2026,22/VPCP-TTĐT"
        // `kept` in two versions (an UPDATE that kept the id); `twice` taken by a replacement of `kept`'s lineage and,
        // later, by a new document of its own lineage.
        try await client.query(
            """
            INSERT INTO exchange.documents
                (document_id, sender, signed_document, envelope_sha256, priority, attachment_count, attachment_bytes,
                 lineage_id, version, business_type, related_document_id, send_time)
            VALUES (\(kept), '000.00.00.G22', '\\x0a', '\\x00', 0, 0, 0, \(kept), 1, 0, NULL, now() - interval '3 h'),
                   (\(kept), '000.00.00.G22', '\\x0b', '\\x01', 0, 0, 0, \(kept), 2, 2, \(kept), now() - interval '2 h'),
                   (\(twice), '000.00.00.G22', '\\x0c', '\\x02', 0, 0, 0, \(kept), 3, 3, \(kept), now() - interval '1 h'),
                   (\(twice), '000.00.00.G22', '\\x0d', '\\x03', 0, 0, 0, \(twice), 1, 0, NULL, now())
            """, logger: logger)

        let after = SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all.filter { $0.version <= 10 })
        #expect(try await after.migrate(client: client, logger: logger) == [10])
        var introduced: [String] = []
        for try await (id, version) in try await client.query(
            "SELECT document_id, version FROM exchange.documents WHERE introduces_id ORDER BY send_time",
            logger: logger
        ).decode((String, Int32).self) {
            introduced.append("\(id) v\(version)")
        }
        #expect(introduced == ["\(kept) v1", "\(twice) v3"], "the first row of each id introduces it")

        let third = "000.00.00.G22,2026,23/VPCP-TTĐT"
        await #expect(throws: PSQLError.self, "a new document under an id a version introduced") {
            try await client.query(
                """
                INSERT INTO exchange.documents
                    (document_id, sender, signed_document, envelope_sha256, priority, attachment_count,
                     attachment_bytes, lineage_id, version, business_type, introduces_id)
                VALUES (\(kept), '000.00.00.G22', '\\x0e', '\\x04', 0, 0, 0, \(third), 1, 0, true)
                """, logger: logger)
        }
    }
}
