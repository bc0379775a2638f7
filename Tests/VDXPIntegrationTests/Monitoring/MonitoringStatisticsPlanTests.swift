import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPMonitoring

/// The platform's 31-day statistics summed every minute row of the month: 1.7 s + 4.3 s at production volume
/// (docs/benchmarks.md, 2026-12-07). They read 743 or 744 hour rows per member and operation and at most 118 minutes.
@Suite("Monitoring: 31 days of statistics read hour rows, not every minute", .timeLimit(.minutes(5)))
struct MonitoringStatisticsPlanTests {
    @Test("the platform's 31 days: at most two hours of minute rows per member and operation, the rest from the hours")
    func thirtyOneDays() async throws {
        try await OperationStatisticsRollupTests.withGeneratedMinutes { database, logger in
            let end = OperationStatisticsRollupTests.end
            let parts = StatisticsWindowParts(from: end.addingTimeInterval(-31 * 86_400), to: end)
            let series = 4
            for query in [
                OperationStatisticsStore.windowCountsQuery(of: nil, parts),
                OperationStatisticsStore.windowLatenciesQuery(of: nil, parts),
            ] {
                let lines = try await QueryPlan.executed(query, on: database, logger: logger)
                let plan = lines.joined(separator: "\n")
                #expect(Self.rowsRead(from: "operation_minutes", lines) <= 2 * 60 * series, "\(plan)")
                #expect(Self.rowsRead(from: "operation_hours", lines) <= 745 * series, "\(plan)")
                #expect(Self.rowsRead(from: "operation_hours", lines) > 0, "\(plan)")
            }
        }
    }

    /// The rows the plan's scans of `table` returned, over all their loops.
    static func rowsRead(from table: String, _ lines: [String]) -> Int {
        lines.reduce(0) { total, line in
            guard line.contains(" on \(table) ") || line.hasSuffix(" on \(table)"),
                let match = line.firstMatch(of: /actual rows=(\d+) loops=(\d+)/),
                let rows = Int(match.1), let loops = Int(match.2)
            else { return total }
            return total + rows * loops
        }
    }
}
