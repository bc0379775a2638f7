import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPRuntime
import VDXPStore

@testable import VDXPSearch

/// The query log is personal data (who searched for what, Decree 13/2023): kept
/// `VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS` (730 by default) for audit, then deleted.
@Suite("Search: the query log keeps entries for its retention only", .timeLimit(.minutes(2)))
struct SearchQueryLogRetentionTests {
    @Test("an entry 731 days old is deleted; one of 729 days and today's stay")
    func oldEntriesAreDeleted() async throws {
        try await TemporaryDatabase.withDatabase(schema: "search", migrations: SearchMigrations.all) {
            database, logger in
            let now = Date()
            let log = QueryLogStore(database: database, logger: logger)
            for days in [731, 729, 0] {
                try await log.append(
                    QueryLogStore.Entry(
                        queryTime: now.addingTimeInterval(-Double(days) * 86_400), caller: "user:thu.nguyen",
                        method: "Search", queryText: "công văn \(days)", filtersJSON: "{}", resultCount: 1,
                        elapsedMilliseconds: 3))
            }
            let retention = QueryLogRetention(
                queryLog: log, retention: .seconds(730 * 86_400), clock: WallClock { now }, logger: logger)
            #expect(try await retention.sweep() == 1)
            let left = try await log.list(caller: "", text: "", start: nil, end: nil, beforeID: .max, limit: 10)
            #expect(left.map(\.queryText) == ["công văn 0", "công văn 729"])
            #expect(try await retention.sweep() == 0)
        }
    }

    @Test("the retention is 730 days unless set, from 30 to 3650")
    func setting() throws {
        #expect(try SearchSettings(settings: Settings([:])).queryLogRetention == .seconds(730 * 86_400))
        #expect(
            try SearchSettings(settings: Settings(["VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS": "30"])).queryLogRetention
                == .seconds(30 * 86_400))
        #expect(throws: SettingsError.self) {
            try SearchSettings(settings: Settings(["VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS": "29"]))
        }
    }
}
