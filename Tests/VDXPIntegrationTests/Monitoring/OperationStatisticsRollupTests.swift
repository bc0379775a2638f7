import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPMonitoring

/// `GetOperationalStatistics` reads the whole hours of its window from the hourly rollup (`monitoring.operation_hours`)
/// and the edges from the minutes: the figures are those of summing the window's minutes, to the last count and
/// latency bucket, for any window. Migration 19 fills the hours from the minutes kept when it runs.
@Suite("Monitoring: operational statistics read whole hours from the hourly rollup", .timeLimit(.minutes(5)))
struct OperationStatisticsRollupTests {
    /// The end of the generated minutes: 27 minutes into an hour.
    static let end = Date(timeIntervalSince1970: 494_444 * 3600 + 27 * 60)
    static let members = ["000.00.00.G22", "000.00.00.H26"]

    @Test("migration 19 fills the hours with the sums of the minutes already kept, latency buckets too")
    func backfill() async throws {
        try await Self.withGeneratedMinutes { database, _ in
            let fromMinutes = try await Self.hoursSummedInSwift(on: database)
            let hours = try await Self.hourRows(on: database)
            #expect(fromMinutes.count > 4 * 700, "32 days of hours of two members and two operations")
            #expect(hours == fromMinutes)
        }
    }

    /// The repair the operations guide gives for hours a previous-build replica left short during a rollout.
    @Test("docs/operations.md's rebuild of the hours makes hours left short or missing the sums of their minutes again")
    func documentedRebuild() async throws {
        try await Self.withGeneratedMinutes { database, logger in
            try await database.query(
                "UPDATE monitoring.operation_hours SET count = count - 1 WHERE organisation_id = '000.00.00.G22'",
                logger: logger)
            try await database.query(
                "DELETE FROM monitoring.operation_hours WHERE organisation_id = '000.00.00.H26'", logger: logger)
            let fromMinutes = try await Self.hoursSummedInSwift(on: database)
            #expect(try await Self.hourRows(on: database) != fromMinutes)

            let rebuild = try RepositoryFiles.sqlStatements(
                in: "docs/operations.md", under: "#### Rebuilding Monitoring's hourly statistics")
            #expect(rebuild.first == "BEGIN" && rebuild.last == "COMMIT")
            try await database.withConnection { connection in
                for statement in rebuild {
                    for try await _ in try await database.query(
                        PostgresQuery(unsafeSQL: statement), on: connection, logger: logger)
                    {}
                }
            }
            #expect(try await Self.hourRows(on: database) == fromMinutes)
        }
    }

    @Test(
        "whole hours, partial hours at both edges, under an hour inside one, across an hour's end, 31 days: the minutes' figures"
    )
    func sameFiguresAsTheMinutes() async throws {
        try await Self.withGeneratedMinutes { database, logger in
            let store = OperationStatisticsStore(database: database, logger: logger)
            let hour = StatisticsWindowParts.hour(of: Self.end)
            func minutes(_ count: Int) -> TimeInterval { TimeInterval(count) * 60 }
            let windows: [(String, Date, Date)] = [
                ("5 whole hours", hour.addingTimeInterval(-minutes(300)), hour),
                ("partial hours at both edges", hour.addingTimeInterval(-minutes(343)), Self.end),
                (
                    "under an hour inside one", hour.addingTimeInterval(-minutes(50)),
                    hour.addingTimeInterval(-minutes(10))
                ),
                ("across an hour's end", hour.addingTimeInterval(-minutes(40)), Self.end),
                ("1 minute", Self.end.addingTimeInterval(-60), Self.end),
                ("31 days", Self.end.addingTimeInterval(-31 * 86_400), Self.end),
                ("31 days of whole hours", hour.addingTimeInterval(-31 * 86_400), hour),
            ]
            for (name, start, end) in windows {
                for member in [nil] + Self.members.map(Optional.some) {
                    let read = try await store.window(of: member, from: start, to: end)
                    let summed = try await Self.windowFromMinutes(of: member, from: start, to: end, on: database)
                    #expect(!summed.isEmpty, "\(name)")
                    #expect(read == summed, "\(name), \(member ?? "every member")")
                    for (operation, counts) in summed {
                        #expect(
                            read[operation]?.latencies.percentile(0.95) == counts.latencies.percentile(0.95),
                            "\(name)")
                    }
                }
            }
        }
    }

    @Test("samples added after the migration count in their hours as in their minutes; old hours go with their minutes")
    func addedAndPurged() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let store = OperationStatisticsStore(database: database, logger: logger)
            let member = Self.members[0]
            func sample(_ seconds: TimeInterval, latency: Double? = nil) -> OperationSample {
                OperationSample(
                    organisationID: member, operation: "delivery.acknowledged",
                    time: Self.end.addingTimeInterval(seconds), failed: false, latency: latency)
            }
            try await database.transaction(logger: logger) { connection in
                try await store.add(
                    [sample(-3600 * 2, latency: 4), sample(-1700, latency: 0.2), sample(0, latency: 40)],
                    on: connection)
            }
            try await database.transaction(logger: logger) { connection in
                try await store.add([sample(-1699, latency: 4), sample(-3600 * 2 + 5)], on: connection)
            }
            #expect(try await Self.hourRows(on: database) == (try await Self.hoursSummedInSwift(on: database)))
            #expect(try await Self.hourRows(on: database).count == 3)

            // 32 days later the oldest hour's minutes go; its row stays while later minutes of that hour would still
            // be kept, and goes once the whole hour is past retention.
            let oldestHour = StatisticsWindowParts.hour(of: Self.end.addingTimeInterval(-3600 * 2))
            let retention = OperationStatisticsStore.retention
            #expect(try await store.purge(before: oldestHour.addingTimeInterval(retention + 1800)) == 1)
            #expect(try await Self.hourRows(on: database).count == 3)
            try await store.purge(before: oldestHour.addingTimeInterval(retention + 3600))
            let kept = try await Self.hourRows(on: database)
            #expect(
                Set(kept.keys.map(\.hour)) == [
                    oldestHour.addingTimeInterval(3600), oldestHour.addingTimeInterval(7200),
                ])
        }
    }

    /// Runs `body` on a throwaway Monitoring schema migrated to 18, with 32 days of minutes of two members and two
    /// operations written as before this migration (some minutes empty, some latency arrays one bucket short, as
    /// another version stored them), then migrated to the end.
    static func withGeneratedMinutes(_ body: (Database, Logger) async throws -> Void) async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            _ = try await SchemaMigrator(
                schema: "monitoring", migrations: MonitoringMigrations.all.filter { $0.version < 19 }
            ).migrate(client: database.client, logger: logger)
            try await database.query(
                """
                INSERT INTO monitoring.operation_minutes
                    (minute, organisation_id, operation, count, failure_count, latency_counts)
                SELECT \(end) - i * interval '1 minute', member, operation, 1 + (i * 7 + length(operation)) % 11,
                       (i % 13 = 0)::integer,
                       CASE WHEN operation = 'document.sent' THEN array_fill(0::bigint, ARRAY[19])
                       ELSE ARRAY(
                           SELECT (CASE WHEN b = 1 + i % 19 THEN 1 + i % 3 WHEN b = 1 + (i * 5) % 19 THEN 1 ELSE 0 END)
                               ::bigint
                           FROM generate_series(1, CASE WHEN i % 101 = 0 THEN 18 ELSE 19 END) AS b) END
                FROM generate_series(1, 32 * 1440) AS i,
                     unnest(ARRAY[\(members[0]), \(members[1])]) AS member,
                     unnest(ARRAY['document.sent', 'delivery.acknowledged']) AS operation
                WHERE (i + length(operation)) % 5 <> 0 AND (member = \(members[0]) OR i % 3 <> 0)
                """, logger: logger)
            try await database.query("ANALYZE monitoring.operation_minutes", logger: logger)
            _ = try await SchemaMigrator(schema: "monitoring", migrations: MonitoringMigrations.all).migrate(
                client: database.client, logger: logger)
            try await database.query("ANALYZE monitoring.operation_hours", logger: logger)
            try await body(database, logger)
        }
    }

    struct HourKey: Hashable {
        var hour: Date
        var organisationID: String
        var operation: String
    }

    /// The hour rows as stored.
    static func hourRows(on database: Database) async throws -> [HourKey: OperationStatisticsStore.WindowCounts] {
        var rows: [HourKey: OperationStatisticsStore.WindowCounts] = [:]
        for try await row in try await database.query(
            "SELECT hour, organisation_id, operation, count, failure_count, latency_counts FROM monitoring.operation_hours"
        ).decode((Date, String, String, Int64, Int64, [Int64]).self) {
            rows[HourKey(hour: row.0, organisationID: row.1, operation: row.2)] = .init(
                count: row.3, failureCount: row.4, latencies: LatencyHistogram(counts: row.5))
        }
        return rows
    }

    /// The minute rows summed per hour, member and operation here, not in SQL.
    static func hoursSummedInSwift(on database: Database) async throws -> [HourKey: OperationStatisticsStore
        .WindowCounts]
    {
        var sums: [HourKey: OperationStatisticsStore.WindowCounts] = [:]
        for try await row in try await database.query(
            """
            SELECT minute, organisation_id, operation, count, failure_count, latency_counts
            FROM monitoring.operation_minutes
            """
        ).decode((Date, String, String, Int64, Int64, [Int64]).self) {
            let key = HourKey(hour: StatisticsWindowParts.hour(of: row.0), organisationID: row.1, operation: row.2)
            sums[key, default: .init(count: 0, failureCount: 0, latencies: LatencyHistogram())].count += row.3
            sums[key]!.failureCount += row.4
            sums[key]!.latencies.add(LatencyHistogram(counts: row.5))
        }
        return sums
    }

    /// Per operation, the counts of `organisationID` (nil: every member) summed over every minute row of the window:
    /// what `GetOperationalStatistics` answered before the hours, kept to compare with.
    static func windowFromMinutes(
        of organisationID: String?, from start: Date, to end: Date, on database: Database
    ) async throws -> [String: OperationStatisticsStore.WindowCounts] {
        var result: [String: OperationStatisticsStore.WindowCounts] = [:]
        for try await row in try await database.query(
            """
            SELECT operation, sum(count)::bigint, sum(failure_count)::bigint FROM monitoring.operation_minutes
            WHERE (\(organisationID == nil) OR organisation_id = \(organisationID ?? ""))
              AND minute >= \(start) AND minute < \(end)
            GROUP BY operation
            """
        ).decode((String, Int64, Int64).self) {
            result[row.0] = .init(count: row.1, failureCount: row.2, latencies: LatencyHistogram())
        }
        for try await row in try await database.query(
            """
            SELECT operation, bucket::integer, sum(value)::bigint
            FROM monitoring.operation_minutes, unnest(latency_counts) WITH ORDINALITY AS bucket_count (value, bucket)
            WHERE (\(organisationID == nil) OR organisation_id = \(organisationID ?? ""))
              AND minute >= \(start) AND minute < \(end) AND value > 0
            GROUP BY operation, bucket
            """
        ).decode((String, Int32, Int64).self) {
            result[row.0]?.latencies.counts[Int(row.1) - 1] += row.2
        }
        return result
    }
}
