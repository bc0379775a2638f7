import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPMonitoring

/// Alerts are kept `VDXP_MONITORING_ALERT_RETENTION_DAYS` (400 days): millions on a platform of thousands of members.
/// A member's page of `ListAlerts` reads its own alerts and the platform-wide ones it is shown through their indexes,
/// however many alerts the other members have.
@Suite("Monitoring: a member's alert page reads its indexes, not every member's alerts", .timeLimit(.minutes(3)))
struct MonitoringAlertPlanTests {
    @Test(
        "20,000 alerts of other members and 5,000 for the operators only: the quiet member's page filters out next to none"
    )
    func quietMembersPage() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            // Alert 1 is the quiet member's, 2 a broadcast to every member; then the busy ones.
            try await database.query(
                """
                INSERT INTO monitoring.alerts (kind, severity, organisation_id, summary, detail, raise_time,
                    operators_only)
                SELECT 1, 1,
                    CASE WHEN i = 1 THEN '000.00.00.H26' WHEN i = 2 OR i % 5000 = 0 THEN ''
                         WHEN i % 4 = 0 THEN '' ELSE '000.00.' || lpad((i % 97)::text, 2, '0') || '.G22' END,
                    'Mất kết nối', 'Điều 9.2', now(), i % 4 = 0 AND i % 5000 <> 0
                FROM generate_series(1, 25000) AS i
                """, logger: logger)
            try await database.query("ANALYZE monitoring.alerts", logger: logger)
            let query = AlertStore.pageQuery(
                visibleTo: .member("000.00.00.H26"), unacknowledgedOnly: false, before: Int64.max, limit: 21)
            let lines = try await QueryPlan.executed(query, on: database, logger: logger)
            let plan = lines.joined(separator: "\n")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
            #expect(QueryPlan.rowsRemovedByFilters(lines).allSatisfy { $0 < 100 }, "\(plan)")

            let page = try await AlertStore(database: database, logger: logger).alerts(
                visibleTo: .member("000.00.00.H26"), unacknowledgedOnly: false, before: Int64.max, limit: 21)
            #expect(page.map(\.alertID) == [25000, 20000, 15000, 10000, 5000, 2, 1], "its own and the broadcasts")
            let operatorsView = try await AlertStore(database: database, logger: logger).alerts(
                visibleTo: .onlyMember("000.00.00.H26"), unacknowledgedOnly: false, before: Int64.max, limit: 21)
            #expect(operatorsView.map(\.alertID) == [1], "the operator asking about the member: its own only")
        }
    }
}
