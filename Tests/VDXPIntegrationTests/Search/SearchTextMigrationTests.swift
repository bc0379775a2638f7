import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPSearch

/// Search's migration 4 gives the documents indexed before it the words `IndexStore.searchText` gives new ones: the
/// parts of a number and notation, which PostgreSQL's parser reads as one word.
@Suite("Search migration 4: a number and notation found by its parts", .serialized)
struct SearchTextMigrationTests {
    @Test("a document indexed before migrates to the text and words a document indexed now gets")
    func storedDocumentMigrates() async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            let before = SchemaMigrator(schema: "search", migrations: SearchMigrations.all.filter { $0.version < 4 })
            _ = try await before.migrate(client: database.client, logger: logger)
            let subject = "Về việc tổ chức hội nghị trực tuyến"
            let code = "7816/VPCP-TTĐT"
            let signer = "Trần Văn Bình"
            let old = [subject, code, signer].joined(separator: " ")
            try await database.query(
                """
                INSERT INTO search.documents (document_id, sender_id, sender_level1, number_and_notation, issue_year,
                    subject, type_name, priority, business_type, related_document_id, version, legal_value,
                    send_time, last_sequence, search_text, search_vector, signer_name)
                VALUES ('000.00.00.G22,2026,7816/VPCP-TTĐT', '000.00.00.G22', 'G22', \(code), 2026, \(subject),
                        'Công văn', 0, 0, '', 1, 1, now(), 1, search.fold(\(old)),
                        to_tsvector('simple'::regconfig, search.fold(\(old))), \(signer))
                """, logger: logger)
            let after = SchemaMigrator(schema: "search", migrations: SearchMigrations.all.filter { $0.version <= 5 })
            #expect(try await after.migrate(client: database.client, logger: logger) == [4, 5])

            let expected = IndexStore.searchText(subject: subject, numberAndNotation: code, signerName: signer)
            var rows: [(Bool, Bool, Bool, Bool)] = []
            for try await row in try await database.query(
                """
                SELECT search_text = search.fold(\(expected)),
                       search_vector = to_tsvector('simple'::regconfig, search.fold(\(expected))),
                       search_vector @@ plainto_tsquery('simple'::regconfig, '7816'),
                       search_vector @@ plainto_tsquery('simple'::regconfig, search.fold('VPCP-TTĐT'))
                FROM search.documents
                """, logger: logger
            ).decode((Bool, Bool, Bool, Bool).self) {
                rows.append(row)
            }
            let row = try #require(rows.first)
            #expect(row.0, "the same folded text as IndexStore gives")
            #expect(row.1, "the same words")
            #expect(row.2 && row.3, "found by the number alone and by the notation alone")
        }
    }
}
