import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// A statement's plan as PostgreSQL executed it, for tests that check a query reads what it should (an index from
/// its cursor, not a whole table): the lines of `EXPLAIN (ANALYZE)` without costs or timings, which vary by machine.
enum QueryPlan {
    /// The executed plan of `query` on `database`, a line each.
    static func executed(_ query: PostgresQuery, on database: Database, logger: Logger) async throws -> [String] {
        var lines: [String] = []
        for try await line in try await database.query(
            PostgresQuery(
                unsafeSQL: "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query.sql, binds: query.binds),
            logger: logger
        ).decode(String.self) {
            lines.append(line)
        }
        return lines
    }

    /// The rows each filter of the plan read and threw away (`Rows Removed by Filter` and `… by Join Filter`).
    static func rowsRemovedByFilters(_ lines: [String]) -> [Int] {
        lines.compactMap { $0.firstMatch(of: /Rows Removed by (Join )?Filter: (\d+)/).flatMap { Int($0.2) } }
    }
}
