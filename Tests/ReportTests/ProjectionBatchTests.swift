import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPReport

/// Report's follower projects each batch of journal entries in memory and writes it with a few statements
/// (``ProjectionBatch``, `ProjectionStore.write`). Whatever batches the journal arrives in — one entry at a time while
/// entries trickle in, hundreds while catching up — the figures stored in PostgreSQL are those of a brute-force
/// recount of the journal (QĐ 28 10.2: sent, received, statuses, rejections, overdue copies…).
@Suite("Report's batches in PostgreSQL", .timeLimit(.minutes(10)))
struct ProjectionBatchTests {
    @Test("the stored figures equal a brute-force recount, whatever the batches the journal arrives in")
    func storedFiguresEqualRecount() async throws {
        let journal = GeneratedJournal(seed: 42, documents: 300)
        let recount = BruteForceRecount.count(journal.entries)
        #expect(recount.values.contains { $0[.overdue] > 0 } && recount.values.contains { $0[.rejected] > 0 })
        var random = SeededRandom(seed: 9)
        var batches: [[Vdxp_Exchange_V1_JournalEntry]] = []
        var next = 0
        while next < journal.entries.count {
            // Mostly small batches, now and then a large one.
            let size = random.next(below: 10) == 0 ? 100 + random.next(below: 400) : 1 + random.next(below: 12)
            batches.append(Array(journal.entries[next..<min(next + size, journal.entries.count)]))
            next += size
        }

        try await Self.withReportDatabase { database, logger in
            let applier = JournalApplier(
                database: database, cursor: JournalCursorStore(database: database, table: .report, logger: logger),
                projection: ProjectionStore(database: database, logger: logger), calendar: { RollupReplay.calendar },
                logger: logger)
            for batch in batches { try await applier.apply(batch) }
            // A batch applied again (a stream that reconnected) counts nothing twice.
            try await applier.apply(batches[batches.count / 2])

            let columns = Measure.allCases.map(\.rawValue)
            var stored: [MemberDay: Counts] = [:]
            for try await row in try await database.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT organisation_id, (day - DATE '1970-01-01')::int4,
                            \(columns.map { "sum(\($0))::bigint" }.joined(separator: ", "))
                        FROM report.daily_figures GROUP BY organisation_id, day
                        """), logger: logger)
            {
                let key = MemberDay(
                    organisationID: try PostgresCell.decode(row, column: 0),
                    day: VietnamDay(number: try PostgresCell.decode(row, column: 1)))
                var counts = Counts()
                for (index, _) in columns.enumerated() {
                    counts.values[index] = try PostgresCell.decode(row, column: 2 + index)
                }
                stored[key, default: Counts()] += counts
            }
            let differences = Set(recount.keys).union(stored.keys).filter {
                (recount[$0] ?? Counts()) != (stored[$0] ?? Counts())
            }
            #expect(differences.isEmpty, "stored ≠ recount for \(differences.count) member-days")

            // The monthly rows (with and without document dimensions) are the daily rows summed per month.
            let monthly = """
                SELECT organisation_id, date_trunc('month', day::timestamp)::date AS month,
                    \(columns.map { "sum(\($0))::bigint AS \($0)" }.joined(separator: ", "))
                FROM report.daily_figures GROUP BY organisation_id, month
                """
            let dimensions = """
                SELECT organisation_id, date_trunc('month', day::timestamp)::date AS month, priority, document_type,
                    business_type, legal_value,
                    \(columns.map { "sum(\($0))::bigint AS \($0)" }.joined(separator: ", "))
                FROM report.daily_figures
                GROUP BY organisation_id, month, priority, document_type, business_type, legal_value
                """
            let counters = columns.joined(separator: ", ")
            for (expected, table, keys) in [
                (monthly, "monthly_figures", "organisation_id, month"),
                (
                    dimensions, "monthly_dimension_figures",
                    "organisation_id, month, priority, document_type, business_type, legal_value"
                ),
            ] {
                let mismatches = try await Self.count(
                    """
                    SELECT count(*) FROM (
                        (\(expected) EXCEPT SELECT \(keys), \(counters) FROM report.\(table))
                        UNION ALL
                        (SELECT \(keys), \(counters) FROM report.\(table) EXCEPT \(expected))) AS d
                    """, database: database, logger: logger)
                #expect(mismatches == 0, "report.\(table) ≠ the daily rows summed per month: \(mismatches) rows")
            }
            // Every rejection of the journal gave a reason: one counted reason per rejection.
            let reasons = try await Self.count(
                "SELECT coalesce(sum(count), 0)::bigint FROM report.rejection_reasons", database: database,
                logger: logger)
            #expect(reasons == recount.values.reduce(0) { $0 + $1[.rejected] })
        }
    }

    private static func count(_ sql: String, database: Database, logger: Logger) async throws -> Int64 {
        var value: Int64 = -1
        for try await count in try await database.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
            Int64.self)
        {
            value = count
        }
        return value
    }

    /// A throwaway PostgreSQL cluster with Report's schema, and a running pool on it.
    private static func withReportDatabase(_ body: (Database, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "vdxp.test")
        logger.logLevel = .warning
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            let database = Database(
                configuration: try DatabaseURL(endpoint.url).clientConfiguration(maximumConnections: 2), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.waitUntilRunning()
                _ = try await SchemaMigrator(schema: "report", migrations: ReportMigrations.all).migrate(
                    client: database.client, logger: logger)
                try await body(database, logger)
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }
}

/// Reads column `column` of a row.
private enum PostgresCell {
    static func decode<Value: PostgresDecodable>(_ row: PostgresRow, column: Int) throws -> Value {
        let cells = Array(row)
        return try cells[column].decode(Value.self, context: .default)
    }
}
