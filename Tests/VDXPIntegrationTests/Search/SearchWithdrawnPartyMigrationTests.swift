import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPSearch

/// Search's migration 5 takes off their documents' parties the recipients those documents were retracted from before
/// the projection did so itself (`SearchWithdrawnPartyTests`).
@Suite("Search migration 5: recipients of retracted copies are no longer parties", .serialized, .timeLimit(.minutes(2)))
struct SearchWithdrawnPartyMigrationTests {
    @Test("a recipient whose latest status is 15 loses the document; one still holding it, and the sender, keep it")
    func retractedRecipientsWithdrawn() async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            let before = SchemaMigrator(schema: "search", migrations: SearchMigrations.all.filter { $0.version < 5 })
            _ = try await before.migrate(client: database.client, logger: logger)
            let id = "000.00.00.G22,2026,7816/VPCP-TTĐT"
            let (sender, retracted, holder) = ("000.00.00.G22", "000.00.00.H26", "000.00.00.H29")
            try await database.query(
                """
                INSERT INTO search.documents (document_id, sender_id, sender_level1, number_and_notation, issue_year,
                    subject, type_name, priority, business_type, related_document_id, version, legal_value,
                    send_time, last_sequence, search_text, search_vector, parties)
                VALUES (\(id), \(sender), 'G22', '7816/VPCP-TTĐT', 2026, 'Gửi nhầm', 'Công văn', 0, 0, '', 1, 1,
                        now(), 1, 'gui nham', to_tsvector('simple'::regconfig, 'gui nham'),
                        ARRAY[\(sender), \(retracted), \(holder)])
                """, logger: logger)
            try await database.query(
                """
                INSERT INTO search.recipients (document_id, organisation_id, level1, delivery_state, status)
                VALUES (\(id), \(retracted), 'H26', 5, 15), (\(id), \(holder), 'H29', 3, 3)
                """, logger: logger)
            try await database.query(
                """
                INSERT INTO search.document_parties (organisation_id, document_id, send_time)
                SELECT p, \(id), now() FROM unnest(ARRAY[\(sender), \(retracted), \(holder)]) AS p
                """, logger: logger)

            let after = SchemaMigrator(schema: "search", migrations: SearchMigrations.all.filter { $0.version <= 5 })
            #expect(try await after.migrate(client: database.client, logger: logger) == [5])

            var parties: [[String]] = []
            for try await (row) in try await database.query(
                "SELECT parties FROM search.documents", logger: logger
            ).decode([String].self) {
                parties.append(row)
            }
            #expect(parties == [[sender, holder]])
            var listed: [String] = []
            for try await organisation in try await database.query(
                "SELECT organisation_id FROM search.document_parties ORDER BY 1", logger: logger
            ).decode(String.self) {
                listed.append(organisation)
            }
            #expect(listed == [sender, holder])
        }
    }
}
