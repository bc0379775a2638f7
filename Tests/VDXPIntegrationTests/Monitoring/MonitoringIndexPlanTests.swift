import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPMonitoring

/// The Art. 9.2 watch looks for the CONNECTION_LOST alerts of the last hours every 15 s, over an alerts table that
/// only grows: it reads them by index. Checked on a real PostgreSQL with Monitoring's schema and sequential scans
/// priced out (`enable_seqscan = off`), so that the plan scans the whole table only when no index serves.
@Suite("Monitoring reads the alerts of a kind and a window by index", .timeLimit(.minutes(3)))
struct MonitoringIndexPlanTests {
    @Test("CONNECTION_LOST alerts raised in a window: by an index on their raise time")
    func lostConnectionsInAWindow() async throws {
        var plan = ""
        try await TemporaryDatabase.with { client, logger in
            _ = try await SchemaMigrator(schema: "monitoring", migrations: MonitoringMigrations.all)
                .migrate(client: client, logger: logger)
            plan = try await client.withConnection { connection in
                try await connection.query("SET enable_seqscan = off", logger: logger)
                var lines: [String] = []
                for try await line in try await connection.query(
                    """
                    EXPLAIN (COSTS OFF) SELECT alert_id FROM monitoring.alerts
                    WHERE kind = \(Vdxp_Monitoring_V1_AlertKind.connectionLost)
                      AND raise_time <= now() - interval '30 minutes' AND raise_time > now() - interval '6 hours'
                    """, logger: logger
                ).decode(String.self) {
                    lines.append(line)
                }
                return lines.joined(separator: "\n")
            }
        }
        // On an empty table either index bounding the window serves as well (alerts_by_raise_time is retention's).
        #expect(
            plan.contains("alerts_by_kind_and_raise_time") || plan.contains("alerts_by_raise_time"), "\(plan)")
        #expect(!plan.contains("Seq Scan"), "\(plan)")
    }
}
