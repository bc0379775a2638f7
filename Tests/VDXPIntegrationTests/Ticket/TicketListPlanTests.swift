import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPTicket

/// Tickets are kept for ever; the operator works from the open ones. Its lists of open tickets, and of open tickets
/// whose clock is breached, walk the open tickets newest first, however many closed ones lie between them.
@Suite("Ticket: the operator's open lists read the open tickets, not every ticket", .timeLimit(.minutes(3)))
struct TicketListPlanTests {
    @Test("20,000 tickets, 5 still open and 2 of those breached, the oldest: the page filters out next to none")
    func openTicketsByIndex() async throws {
        try await TemporaryDatabase.withDatabase(schema: "ticket", migrations: TicketMigrations.all) {
            database, logger in
            // The open ones are the oldest: a walk of every ticket newest first would pass 19,995 closed ones.
            try await database.query(
                """
                INSERT INTO ticket.tickets (ticket_id, organisation_id, category, priority, channel, subject,
                    description, state, opened_by_kind, opened_by_name, opened_by_organisation, receive_time,
                    update_time, sla_target_seconds, sla_met_by, sla_clock_hours, sla_pause_while_waiting,
                    sla_warning_seconds, sla_state, sla_due_time, sla_workday_start, sla_workday_end)
                SELECT 'TK-2026-' || lpad(i::text, 6, '0'), '000.00.00.H26', 1, 2, 1, 'Lỗi kết nối', 'Mô tả',
                    CASE WHEN i <= 5 THEN 3 ELSE 6 END, 1, 'vanthu', '000.00.00.H26',
                    timestamptz '2026-01-01' + i * interval '1 minute', now(), 14400, 1, true, true, 3600,
                    CASE WHEN i <= 2 THEN 5 ELSE 4 END, now(), 28800, 61200
                FROM generate_series(1, 20000) AS i
                """, logger: logger)
            try await database.query("ANALYZE ticket.tickets", logger: logger)
            let open: [Vdxp_Ticket_V1_TicketState] = [.new, .acknowledged, .inProgress, .waitingForMember]
            for (breachedOnly, expected) in [(false, 5), (true, 2)] {
                let filter = TicketFilter(
                    organisationID: "", states: open, category: .unspecified, assignee: "", breachedOnly: breachedOnly)
                let lines = try await QueryPlan.executed(
                    TicketStore.listQuery(filter, after: nil, limit: 21), on: database, logger: logger)
                let plan = lines.joined(separator: "\n")
                #expect(plan.contains("tickets_open_by_receipt"), "\(plan)")
                #expect(QueryPlan.rowsRemovedByFilters(lines).allSatisfy { $0 < 100 }, "\(plan)")
                let page = try await TicketStore(database: database, logger: logger).list(
                    filter, after: nil, limit: 21)
                #expect(page.count == expected)
            }
        }
    }
}
