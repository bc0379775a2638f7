import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// Art. 18.2 counts hours; the operator may count working hours instead (`VDXP_TICKET_SLA_CLOCK_HOURS=false`). The
/// working hours are part of the policy copied onto each ticket, so a later change of them leaves existing deadlines
/// where they were; the working days are those Central publishes in the signed global configuration.
@Suite("Ticket working-hours clocks (Art. 18.2)", .serialized)
struct TicketWorkingHoursTests {
    static func vietnam(_ day: String, _ hour: Int) -> Date {
        CalendarDate(iso8601: day)!.instant(atSecondsIntoDay: hour * 3600)
    }

    static func get(_ ticket: TicketTestService, _ id: String) async throws -> Vdxp_Ticket_V1_Ticket {
        try await ticket.call(as: .operator) { try await $0.getTicket(.with { $0.ticketID = id }) }
    }

    @Test(
        "a ticket received under 07:00–17:00 keeps its Tuesday 13:00 deadline after the hours become 09:00–17:00; a new ticket counts the new hours"
    )
    func hoursKeptWithTheTicket() async throws {
        let early = [
            "VDXP_TICKET_SLA_CLOCK_HOURS": "false", "VDXP_TICKET_WORKDAY_START": "07:00",
            "VDXP_TICKET_WORKDAY_END": "17:00",
        ]
        var late = early
        late["VDXP_TICKET_WORKDAY_START"] = "09:00"
        // Friday 5 March 2027, 09:00; 24 working hours: Friday 8, Monday 10, then Tuesday from 07:00 to 13:00.
        let clock = ManualClock(now: Self.vietnam("2027-03-05", 9))
        try await TestPlatform.with { platform in
            var first = ""
            try await platform.withTicket(settings: early, clock: clock) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                #expect(opened.sla.policy.workdayStart.seconds == 7 * 3600, "the hours are copied onto the ticket")
                #expect(opened.sla.policy.workdayEnd.seconds == 17 * 3600)
                #expect(opened.sla.dueTime.date == Self.vietnam("2027-03-09", 13))
                first = opened.ticketID
            }
            // The operator sets 09:00–17:00 and restarts Ticket.
            try await platform.withTicket(settings: late, clock: clock) { [first] ticket in
                let kept = try await Self.get(ticket, first)
                #expect(kept.sla.policy.workdayStart.seconds == 7 * 3600)
                #expect(kept.sla.dueTime.date == Self.vietnam("2027-03-09", 13), "the deadline did not move")

                // The same Friday morning, a new ticket: Friday 8, Monday 8, Tuesday 8 from 09:00: due 17:00.
                let second = try await TicketWorkTests.open(ticket, subject: "Yêu cầu sau khi đổi giờ làm việc")
                #expect(second.sla.policy.workdayStart.seconds == 9 * 3600)
                #expect(second.sla.dueTime.date == Self.vietnam("2027-03-09", 17))

                // The sweeper, under the new settings, still warns and breaches the first ticket on its own hours.
                clock.advance(by: Self.vietnam("2027-03-09", 11).timeIntervalSince(clock.now) - 1)
                #expect(try await ticket.sweep(settings: late) == SlaSweeper.Report())
                clock.advance(by: 1)
                #expect(try await ticket.sweep(settings: late).warned == [first])
                clock.advance(by: 2 * 3600)
                #expect(try await ticket.sweep(settings: late).breached == [first])
                #expect(try await Self.get(ticket, second.ticketID).sla.state == .running, "due at 17:00")
                clock.advance(by: 2 * 3600)
                #expect(try await ticket.sweep(settings: late).warned == [second.ticketID], "warned at 15:00")
            }
        }
    }

    @Test(
        "a day off Central publishes (Monday 8 March 2027) is skipped by a working-hours clock; Ticket's own VDXP_PUBLIC_HOLIDAYS counts for nothing"
    )
    func holidayFromCentral() async throws {
        let settings = [
            "VDXP_TICKET_SLA_CLOCK_HOURS": "false",
            // Read, these would move the deadline to Thursday 11 (alone) or Friday 12 (with Central's day).
            "VDXP_PUBLIC_HOLIDAYS": "2027-03-09,2027-03-10",
        ]
        let clock = ManualClock(now: Self.vietnam("2027-03-05", 9))
        // Set on Central only, published in the signed global configuration Ticket follows.
        try await TestPlatform.with(centralSettings: ["VDXP_PUBLIC_HOLIDAYS": "2027-03-08"]) { platform in
            let calendar = try await platform.operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
            let published = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: calendar.configuration)
            #expect(
                published.calendar.daysOff.contains("2027-03-08"),
                "Central publishes the day off in its signed configuration")
            try await platform.withTicket(settings: settings, clock: clock) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                #expect(!opened.sla.policy.clockHours)
                // 24 working hours of 08:00–17:00: Friday 8, Monday off, Tuesday 9, Wednesday 7: Wednesday 15:00
                // (without the day off: Tuesday 15:00).
                #expect(opened.sla.dueTime.date == Self.vietnam("2027-03-10", 15))

                clock.advance(by: Self.vietnam("2027-03-10", 13).timeIntervalSince(clock.now) - 1)
                #expect(try await ticket.sweep(settings: settings) == SlaSweeper.Report(), "Tuesday 15:00 passed")
                clock.advance(by: 1)
                #expect(try await ticket.sweep(settings: settings).warned == [opened.ticketID])
                clock.advance(by: 2 * 3600)
                #expect(try await ticket.sweep(settings: settings).breached == [opened.ticketID])
                let breached = try await Self.get(ticket, opened.ticketID)
                #expect(breached.sla.escalateTime.date == Self.vietnam("2027-03-10", 15))
            }
        }
    }
}
