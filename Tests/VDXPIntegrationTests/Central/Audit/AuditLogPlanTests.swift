import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPCentral

/// The audit log grows with every account event for as long as the platform runs. `ListAuditEvents` by action alone
/// reads that action's events by index, newest first, not the whole log backwards until a page is found.
@Suite("Central: the audit log is read by action through its index", .timeLimit(.minutes(3)))
struct AuditLogPlanTests {
    @Test("2 authority retirements among 5,000 events: the page reads audit_log_by_action, not the whole log")
    func rareActionByIndex() async throws {
        try await TemporaryDatabase.withDatabase(schema: "central", migrations: CentralMigrations.all) {
            database, logger in
            try await database.query(
                """
                INSERT INTO central.audit_log (actor, action, target)
                SELECT 'account admin', CASE WHEN i % 2000 = 0 THEN 'retire_authority' ELSE 'sign_in' END,
                    'accounts/user' || i
                FROM generate_series(1, 5000) AS i
                """, logger: logger)
            try await database.query("ANALYZE central.audit_log", logger: logger)
            let lines = try await QueryPlan.executed(
                AuditLog.eventsQuery(before: Int64.max, targetPrefix: "", action: "retire_authority", limit: 21),
                on: database, logger: logger)
            let plan = lines.joined(separator: "\n")
            #expect(plan.contains("audit_log_by_action"), "\(plan)")
            let removed = QueryPlan.rowsRemovedByFilters(lines)
            #expect(removed.allSatisfy { $0 < 100 }, "no thousands of sign-ins read and dropped\n\(plan)")
            let audit = AuditLog(database: database, logger: logger)
            let events = try await audit.events(
                before: Int64.max, targetPrefix: "", action: "retire_authority", limit: 21)
            #expect(events.map(\.target) == ["accounts/user4000", "accounts/user2000"])
        }
    }
}
