import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPSearch

/// A typo's correction reads the trigram index of the dictionary once per word to correct, and the whole of it for a
/// word with no near neighbour. A query of numbers, or of more words than are corrected, never reads it.
@Suite("Search: corrections read the trigram index only for words to correct", .serialized, .timeLimit(.minutes(3)))
struct SearchCorrectionPlanTests {
    /// The lines of the executed plan of the correction of `text`, for the operator.
    static func plan(of text: String, database: Database, logger: Logger) async throws -> [String] {
        try await QueryPlan.executed(
            DocumentQueryStore.correctionQuery(text, viewer: nil), on: database, logger: logger)
    }

    /// How many times the plan looked for nearest words in `words_trigrams` (the loops of its index scans ordered by
    /// distance; 0 when never executed). Its lookups of one word, which the planner may also make through it, are
    /// not counted.
    static func trigramReads(_ lines: [String]) -> Int {
        zip(lines, lines.dropFirst()).reduce(0) { total, pair in
            guard pair.0.contains("words_trigrams"), pair.1.contains("Order By:") else { return total }
            return total + (pair.0.firstMatch(of: /loops=(\d+)/).flatMap { Int($0.1) } ?? 0)
        }
    }

    @Test("66 numbers and 9 unknown words read the trigram index never; one typo reads it once")
    func readsOnlyForWordsToCorrect() async throws {
        try await TemporaryDatabase.withDatabase(schema: "search", migrations: SearchMigrations.all) {
            database, logger in
            try await database.query(
                "INSERT INTO search.words (word) VALUES ('quyet'), ('dinh'), ('phe'), ('duyet')", logger: logger)
            let store = DocumentQueryStore(database: database, logger: logger)

            let numbers = (10...75).map(String.init).joined(separator: " ")
            #expect(Self.trigramReads(try await Self.plan(of: numbers, database: database, logger: logger)) == 0)
            #expect(try await store.correctedQuery(numbers, viewer: nil).hasPrefix("('10')"))

            let nine = "fjwz fjwy fjwx fjwv fjwu fjwt fjws fjwr fjwq"
            #expect(Self.trigramReads(try await Self.plan(of: nine, database: database, logger: logger)) == 0)
            #expect(try await store.correctedQuery(nine, viewer: nil) == "", "more than 8 words to correct: none")

            let typo = "quyet dihn"
            #expect(Self.trigramReads(try await Self.plan(of: typo, database: database, logger: logger)) == 1)
            let corrected = try await store.correctedQuery(typo, viewer: nil)
            #expect(corrected.hasPrefix("('dinh'") && corrected.hasSuffix(" & ('quyet')"), "\(corrected)")
        }
    }
}
