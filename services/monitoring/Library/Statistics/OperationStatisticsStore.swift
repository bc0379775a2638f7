import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The operational statistics as kept (Art. 4.1.g): per member, minute and operation the counts, failures and latency
/// histogram (`monitoring.operation_minutes`, kept ``retention``), the same per hour (`monitoring.operation_hours`,
/// the sums of the hour's minutes, kept as long), and the totals since the start (`monitoring.operation_totals`, the
/// Prometheus counters). Written by ``OperationStatisticsRecorder`` inside the journal follower's transaction; read by
/// `GetOperationalStatistics` (whole hours from the hours, the edges from the minutes: ``StatisticsWindowParts``) and
/// the metrics publisher.
struct OperationStatisticsStore: Sendable {
    let database: Database
    let logger: Logger

    /// How long per-minute and per-hour rows are kept: the longest window asked (31 days) and a day more. An hour row
    /// goes once its whole hour is past retention.
    static let retention: TimeInterval = 32 * 86_400

    /// Adds `samples` to their minutes, their hours and the totals, inside the caller's transaction: summed per minute
    /// row, per hour row and per total first, then one statement for each table.
    func add(_ samples: [OperationSample], on connection: PostgresConnection) async throws {
        guard !samples.isEmpty else { return }
        struct TotalKey: Hashable {
            var organisationID: String
            var operation: String
        }
        var minutes = TimeRows()
        var hours = TimeRows()
        var totalKeys: [TotalKey] = []
        var totals: [TotalKey: (count: Int64, failures: Int64)] = [:]
        for sample in samples {
            let minute = Date(timeIntervalSince1970: (sample.time.timeIntervalSince1970 / 60).rounded(.down) * 60)
            minutes.add(sample, at: minute)
            hours.add(sample, at: StatisticsWindowParts.hour(of: minute))
            let total = TotalKey(organisationID: sample.organisationID, operation: sample.operation)
            if totals[total] == nil { totalKeys.append(total) }
            totals[total, default: (0, 0)].count += 1
            totals[total, default: (0, 0)].failures += sample.failed ? 1 : 0
        }
        try await upsert(minutes, into: "operation_minutes", timeColumn: "minute", on: connection)
        try await upsert(hours, into: "operation_hours", timeColumn: "hour", on: connection)
        var totalRows = ValuesRows()
        for key in totalKeys {
            totalRows.startRow()
            totalRows.bind(key.organisationID)
            totalRows.bind(key.operation)
            totalRows.bind(totals[key]!.count)
            totalRows.bind(totals[key]!.failures)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO monitoring.operation_totals (organisation_id, operation, count, failure_count)
                    VALUES \(totalRows.sql)
                    ON CONFLICT (organisation_id, operation) DO UPDATE SET
                        count = operation_totals.count + EXCLUDED.count,
                        failure_count = operation_totals.failure_count + EXCLUDED.failure_count
                    """, binds: totalRows.binds), on: connection, logger: logger)
    }

    /// A batch's samples summed per member, operation and minute (or hour), in the order they first came.
    private struct TimeRows {
        struct Key: Hashable {
            var time: Date
            var organisationID: String
            var operation: String
        }
        var keys: [Key] = []
        var sums: [Key: (count: Int64, failures: Int64, latencies: LatencyHistogram)] = [:]

        mutating func add(_ sample: OperationSample, at time: Date) {
            let key = Key(time: time, organisationID: sample.organisationID, operation: sample.operation)
            if sums[key] == nil {
                keys.append(key)
                sums[key] = (0, 0, LatencyHistogram())
            }
            sums[key]!.count += 1
            sums[key]!.failures += sample.failed ? 1 : 0
            if let latency = sample.latency { sums[key]!.latencies.add(LatencyHistogram(one: latency)) }
        }
    }

    /// Adds `rows` to `table` (`operation_minutes` or `operation_hours`, keyed by `timeColumn`) in one statement: a
    /// row already there gets the counts and each latency bucket added.
    private func upsert(
        _ rows: TimeRows, into table: String, timeColumn: String, on connection: PostgresConnection
    ) async throws {
        var values = ValuesRows()
        for key in rows.keys {
            let added = rows.sums[key]!
            values.startRow()
            values.bind(key.time)
            values.bind(key.organisationID)
            values.bind(key.operation)
            values.bind(added.count)
            values.bind(added.failures)
            values.bind(added.latencies.counts)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO monitoring.\(table)
                        (\(timeColumn), organisation_id, operation, count, failure_count, latency_counts)
                    VALUES \(values.sql)
                    ON CONFLICT (organisation_id, \(timeColumn), operation) DO UPDATE SET
                        count = \(table).count + EXCLUDED.count,
                        failure_count = \(table).failure_count + EXCLUDED.failure_count,
                        latency_counts = ARRAY(
                            SELECT COALESCE(stored, 0) + COALESCE(added, 0)
                            FROM unnest(\(table).latency_counts, EXCLUDED.latency_counts) AS pair (stored, added))
                    """, binds: values.binds), on: connection, logger: logger)
    }

    /// One operation's counts and latencies over a window.
    struct WindowCounts: Sendable, Equatable {
        /// How many.
        var count: Int64
        /// How many failed.
        var failureCount: Int64
        /// Their latencies.
        var latencies: LatencyHistogram
    }

    /// Per operation, the counts of member `organisationID` (nil: every member) in the minutes from `start`
    /// (inclusive) to `end` (exclusive): the whole hours inside from the hours, the rest from the minutes
    /// (``StatisticsWindowParts``) — the same sums as of the minutes alone.
    func window(of organisationID: String?, from start: Date, to end: Date) async throws -> [String: WindowCounts] {
        let parts = StatisticsWindowParts(from: start, to: end)
        var result: [String: WindowCounts] = [:]
        for try await row in try await database.query(
            Self.windowCountsQuery(of: organisationID, parts), on: nil, logger: logger
        ).decode((String, Int64, Int64).self) {
            result[row.0] = WindowCounts(count: row.1, failureCount: row.2, latencies: LatencyHistogram())
        }
        for try await row in try await database.query(
            Self.windowLatenciesQuery(of: organisationID, parts), on: nil, logger: logger
        ).decode((String, Int32, Int64).self) {
            let index = Int(row.1) - 1
            guard index >= 0, index < LatencyHistogram.bounds.count + 1 else { continue }
            result[row.0]?.latencies.counts[index] += row.2
        }
        return result
    }

    /// Per operation, the count and failures in the window's `parts`.
    static func windowCountsQuery(of organisationID: String?, _ parts: StatisticsWindowParts) -> PostgresQuery {
        var query = windowRows(of: organisationID, parts)
        query.sql += "SELECT operation, sum(count)::bigint, sum(failure_count)::bigint FROM kept GROUP BY operation"
        return query
    }

    /// Per operation and latency bucket (1-based), the latencies counted in the window's `parts`.
    static func windowLatenciesQuery(of organisationID: String?, _ parts: StatisticsWindowParts) -> PostgresQuery {
        var query = windowRows(of: organisationID, parts)
        query.sql += """
            SELECT operation, bucket::integer, sum(value)::bigint
            FROM kept, unnest(latency_counts) WITH ORDINALITY AS bucket_count (value, bucket)
            WHERE value > 0
            GROUP BY operation, bucket
            """
        return query
    }

    /// `WITH kept AS (…)`: the rows that make up the window's `parts` — its leading minutes, its whole hours, its
    /// trailing minutes — followed by a space for the statement that sums them.
    private static func windowRows(of organisationID: String?, _ parts: StatisticsWindowParts) -> PostgresQuery {
        let everyMember = organisationID == nil
        let member = organisationID ?? ""
        return """
            WITH kept AS (
                SELECT operation, count, failure_count, latency_counts FROM monitoring.operation_minutes
                WHERE (\(everyMember) OR organisation_id = \(member))
                  AND minute >= \(parts.start) AND minute < \(parts.hoursStart)
                UNION ALL
                SELECT operation, count, failure_count, latency_counts FROM monitoring.operation_hours
                WHERE (\(everyMember) OR organisation_id = \(member))
                  AND hour >= \(parts.hoursStart) AND hour < \(parts.hoursEnd)
                UNION ALL
                SELECT operation, count, failure_count, latency_counts FROM monitoring.operation_minutes
                WHERE (\(everyMember) OR organisation_id = \(member))
                  AND minute >= \(parts.hoursEnd) AND minute < \(parts.end)
            )

            """
    }

    /// Per member and operation, the counts since the start, for the Prometheus counters.
    func totals() async throws -> [OperationTotal] {
        var totals: [OperationTotal] = []
        for try await row in try await database.query(
            "SELECT organisation_id, operation, count, failure_count FROM monitoring.operation_totals",
            on: nil, logger: logger
        ).decode((String, String, Int64, Int64).self) {
            totals.append(
                OperationTotal(organisationID: row.0, operation: row.1, count: row.2, failureCount: row.3))
        }
        return totals
    }

    /// Per member and operation, the latencies in the minutes from `start` on, for the Prometheus latency gauges.
    func latencies(since start: Date) async throws -> [OperationKey: LatencyHistogram] {
        var result: [OperationKey: LatencyHistogram] = [:]
        for try await row in try await database.query(
            """
            SELECT organisation_id, operation, bucket::integer, sum(value)::bigint
            FROM monitoring.operation_minutes, unnest(latency_counts) WITH ORDINALITY AS bucket_count (value, bucket)
            WHERE minute >= \(start) AND value > 0
            GROUP BY organisation_id, operation, bucket
            """, on: nil, logger: logger
        ).decode((String, String, Int32, Int64).self) {
            let index = Int(row.2) - 1
            guard index >= 0, index < LatencyHistogram.bounds.count + 1 else { continue }
            result[OperationKey(organisationID: row.0, operation: row.1), default: LatencyHistogram()]
                .counts[index] += row.3
        }
        return result
    }

    /// Deletes the per-minute rows older than ``retention`` before `now`, and the per-hour rows whose whole hour is;
    /// returns how many minute rows.
    @discardableResult
    func purge(before now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Self.retention)
        var deleted = 0
        for try await _ in try await database.query(
            "DELETE FROM monitoring.operation_minutes WHERE minute < \(cutoff) RETURNING 1", on: nil, logger: logger
        ).decode(Int32.self) {
            deleted += 1
        }
        try await database.query(
            "DELETE FROM monitoring.operation_hours WHERE hour <= \(cutoff.addingTimeInterval(-3600))",
            on: nil, logger: logger)
        return deleted
    }
}

/// A member and an operation.
struct OperationKey: Sendable, Hashable {
    /// The member.
    var organisationID: String
    /// The operation.
    var operation: String
}

/// A member's count of one operation since the statistics began.
struct OperationTotal: Sendable, Equatable {
    /// The member.
    var organisationID: String
    /// The operation.
    var operation: String
    /// How many.
    var count: Int64
    /// How many failed.
    var failureCount: Int64
}
