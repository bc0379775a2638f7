import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPTicket

/// The SLA sweeper takes its work a batch at a time (Art. 18.2.b's clocks): which tickets a batch takes decides
/// whether a running clock entering its warning period is warned in time.
@Suite("Ticket: what the SLA sweeper takes", .timeLimit(.minutes(5)))
struct TicketSweepSelectionTests {
    @Test("warned tickets not due yet do not fill a batch: the running ticket entering its warning period is taken")
    func warnedNotDueLeaveRoom() async throws {
        try await TemporaryDatabase.withDatabase(schema: "ticket", migrations: TicketMigrations.all) {
            database, logger in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            // Two tickets warned already, due in 1 h; one running ticket due in 1.5 h with a 2-hour warning period.
            for (id, state, dueIn) in [
                ("YC-2026-0001", Vdxp_Ticket_V1_SlaState.warned, 3600.0),
                ("YC-2026-0002", .warned, 3600), ("YC-2026-0003", .running, 5400),
            ] {
                try await database.query(
                    """
                    INSERT INTO ticket.tickets
                        (ticket_id, organisation_id, category, priority, channel, subject, description, state,
                         opened_by_kind, opened_by_name, opened_by_organisation, receive_time, update_time,
                         sla_target_seconds, sla_met_by, sla_clock_hours, sla_pause_while_waiting, sla_warning_seconds,
                         sla_state, sla_due_time, sla_workday_start, sla_workday_end)
                    VALUES (\(id), '000.00.00.H26', 2, 2, 1, 'Mất kết nối', 'Không nhận được văn bản', 1, 1, 'lan',
                            '000.00.00.H26', \(now), \(now), 172800, 1, true, false, 7200, \(state),
                            \(now.addingTimeInterval(dueIn)), 28800, 61200)
                    """, logger: logger)
            }
            let taken = try await database.transaction(logger: logger) { connection in
                try await TicketStore(database: database, logger: logger).clocksToSweep(
                    now: now, limit: 2, on: connection)
            }
            #expect(taken.map(\.ticketID) == ["YC-2026-0003"])
        }
    }
}
