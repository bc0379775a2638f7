import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPSearch

/// A search without text lists documents newest first, a page at a time. Reading a ministry's documents page by page
/// must cost the same on page 200 as on page 1: each page seeks in the index to its cursor and reads one page of
/// rows, never every row before it (which made the n-th page cost like an OFFSET of n pages).
@Suite("Search: a page without text seeks to its cursor", .serialized, .timeLimit(.minutes(3)))
struct SearchPagePlanTests {
    static let (sender, member) = ("000.00.00.G22", "000.00.00.H26")
    static let documents = 3000
    static let pageSize = 10

    /// How many rows the walk of `index` read for `query`'s page after `position` (EXPLAIN ANALYZE, on the real
    /// plan): those it passed on, and those a filter on it or on a join above it threw away.
    static func rowsRead(
        by index: String, _ query: DocumentQuery, after position: DocumentQueryStore.Position, database: Database,
        logger: Logger
    ) async throws -> (rows: Int, plan: String) {
        let lines = try await QueryPlan.executed(
            DocumentQueryStore.pageQuery(query, after: position, limit: pageSize + 1), on: database, logger: logger)
        let plan = lines.joined(separator: "\n")
        let walk = try #require(lines.first { $0.contains("Index") && $0.contains(index) }, "\(plan)")
        let passed = try #require(walk.firstMatch(of: /actual rows=(\d+)/).flatMap { Int($0.1) }, "\(walk)")
        return (passed + QueryPlan.rowsRemovedByFilters(lines).reduce(0, +), plan)
    }

    /// Inserts documents 1 to ``documents`` of ``sender`` (`i`), each sent `sendSecond` seconds (an SQL expression of
    /// `i`) after 1 November 2026 08:00, with `words` as its text and `parties` as its parties (SQL expressions of
    /// `i`).
    static func insertDocuments(
        sendSecond: String, words: String, parties: String, on database: Database, logger: Logger
    ) async throws {
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO search.documents (document_id, sender_id, sender_level1, number_and_notation,
                        issue_year, subject, type_name, priority, business_type, related_document_id, version,
                        legal_value, send_time, last_sequence, search_text, search_vector, parties)
                    SELECT '\(sender)' || ',2026,' || i || '/VPCP', '\(sender)', 'G22', i || '/VPCP', 2026,
                        'Công văn ' || i, 'Công văn', 0, 0, '', 1, 1,
                        timestamptz '2026-11-01 08:00+07' + (\(sendSecond)) * interval '1 second', i, 'cong van',
                        to_tsvector('simple'::regconfig, \(words)), \(parties)
                    FROM generate_series(1, \(documents)) AS i
                    """), logger: logger)
    }

    @Test("the operator's page 200 and a member's page 200 each read one page of their index")
    func deepPagesSeek() async throws {
        try await TemporaryDatabase.withDatabase(schema: "search", migrations: SearchMigrations.all) {
            database, logger in
            // Every third document shares its send time with the one before: ties are broken by the document id.
            try await Self.insertDocuments(
                sendSecond: "i - i % 3", words: "'cong van'",
                parties: "ARRAY['\(Self.sender)', '\(Self.member)']", on: database, logger: logger)
            try await database.query(
                """
                INSERT INTO search.document_parties (organisation_id, document_id, send_time)
                SELECT p, d.document_id, d.send_time FROM search.documents d, unnest(d.parties) AS p
                """, logger: logger)
            try await database.query("ANALYZE", logger: logger)

            for (viewer, index) in [(nil, "documents_by_time"), (Self.member, "document_parties_by_member")] {
                let query = DocumentQuery(viewer: viewer, text: "")
                let store = DocumentQueryStore(database: database, logger: logger)
                // Page 200, after the 1,990th newest document, reached with the store's own cursors in 28 calls
                // (19 pages of 100, then 9 of 10) rather than 199: under the full suite's load each call waits for
                // the cores, and 398 of them took three minutes.
                var position: DocumentQueryStore.Position?
                var seen: [String] = []
                for limit in Array(repeating: 100, count: 19) + Array(repeating: Self.pageSize, count: 9) {
                    let page = try await store.page(query, after: position, limit: limit)
                    seen += page.map(\.0.documentID)
                    position = page.last.map { .init(key: $0.1, documentID: $0.0.documentID) }
                }
                let cursor = try #require(position)
                let (rows, plan) = try await Self.rowsRead(
                    by: index, query, after: cursor, database: database, logger: logger)
                // A page, and the documents of the cursor's own send time read again (three share each time here).
                #expect(rows <= Self.pageSize + 1 + 3, "\(viewer ?? "operator"): \(rows) rows read\n\(plan)")
                let page = try await store.page(query, after: cursor, limit: Self.pageSize)
                seen += page.map(\.0.documentID)
                #expect(Set(seen).count == 200 * Self.pageSize, "no document shown twice or skipped")
            }
        }
    }

    @Test("the operator's failed documents are found through the failed recipients, not a scan of every recipient")
    func failedOnlyByIndex() async throws {
        try await TemporaryDatabase.withDatabase(schema: "search", migrations: SearchMigrations.all) {
            database, logger in
            try await Self.insertDocuments(
                sendSecond: "i", words: "'cong van'", parties: "ARRAY['\(Self.sender)']", on: database, logger: logger)
            // Three recipients each; two deliveries of the platform FAILED (state 4), the rest acknowledged (3).
            try await database.query(
                """
                INSERT INTO search.recipients (document_id, organisation_id, level1, delivery_state, status)
                SELECT d.document_id, '000.00.0' || r || '.H26', 'H26',
                    CASE WHEN d.last_sequence IN (17, 2900) AND r = 1 THEN 4 ELSE 3 END, 0
                FROM search.documents d, generate_series(1, 3) AS r
                """, logger: logger)
            try await database.query("ANALYZE", logger: logger)
            var query = DocumentQuery(viewer: nil, text: "")
            query.failedOnly = true
            let lines = try await QueryPlan.executed(
                DocumentQueryStore.pageQuery(query, after: nil, limit: Self.pageSize + 1), on: database, logger: logger)
            let plan = lines.joined(separator: "\n")
            #expect(!plan.contains("Seq Scan on recipients"), "\(plan)")
            #expect(plan.contains("recipients_failed"), "\(plan)")
            let page = try await DocumentQueryStore(database: database, logger: logger).page(
                query, after: nil, limit: Self.pageSize)
            #expect(page.map(\.0.numberAndNotation) == ["2900/VPCP", "17/VPCP"])
        }
    }

    /// The plan this statement gets at 2 M documents (each word a constant: the member's documents for a common word,
    /// 0.1–0.4 ms, against 100 ms for one statement over all the words) is in docs/benchmarks.md; at the size of a test
    /// table the planner rightly scans, so this checks what the statement answers.
    @Test("a member's text has a word missing when one of its words is in none of the member's documents")
    func memberWordCheck() async throws {
        try await TemporaryDatabase.withDatabase(schema: "search", migrations: SearchMigrations.all) {
            database, logger in
            // 3,000 documents say "cong van"; the member is a party to the 5 newest, one of which also says "khan";
            // another member's document says "mat".
            try await Self.insertDocuments(
                sendSecond: "i",
                words: "CASE i WHEN 2998 THEN 'cong van khan' WHEN 7 THEN 'cong van mat' ELSE 'cong van' END",
                parties:
                    "CASE WHEN i > 2995 THEN ARRAY['\(Self.sender)', '\(Self.member)'] ELSE ARRAY['\(Self.sender)'] END",
                on: database, logger: logger)
            try await database.query("ANALYZE", logger: logger)
            let store = DocumentQueryStore(database: database, logger: logger)
            #expect(try await store.hasWordMissingFromIndex("Công văn khẩn", viewer: Self.member) == false)
            #expect(try await store.hasWordMissingFromIndex("Công văn mật", viewer: Self.member) == true)
            #expect(try await store.hasWordMissingFromIndex("2026 123", viewer: Self.member) == false, "numbers")
            #expect(try await store.letterWords(of: "Công văn, CÔNG VĂN 12") == ["cong", "van"])
        }
    }
}
