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

/// Art. 18.2 on a manual clock: the operator group is warned before the 24 or 48 hours run out, the ticket is marked
/// BREACHED and escalated at the deadline, a clock paused while the member holds the ticket does not run out, and a
/// resolved ticket closes itself when the reopen period ends. Each through Ticket's alert outbox.
@Suite("Ticket SLA clocks (Art. 18.2)", .serialized)
struct TicketSlaTests {
    static let sender = TestPlatform.sender

    @Test("warned two hours before the 24 hours, breached and escalated to the operator group at the deadline")
    func warnedBreachedEscalated() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                ticket.clock.advance(by: 21 * 3600)
                #expect(try await ticket.sweep() == SlaSweeper.Report())

                ticket.clock.advance(by: 3600)
                #expect(try await ticket.sweep().warned == [opened.ticketID])
                #expect(try await ticket.sweep() == SlaSweeper.Report(), "the warning is given once")
                let warned = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(warned.sla.state == .warned)
                #expect(warned.sla.hasWarnTime)

                ticket.clock.advance(by: 2 * 3600)
                #expect(try await ticket.sweep().breached == [opened.ticketID])
                let breached = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(breached.sla.state == .breached)
                #expect(breached.sla.escalateTime.seconds == breached.sla.dueTime.seconds)
                let listed = try await ticket.call(as: .operator) {
                    try await $0.listTickets(.with { $0.breachedOnly = true })
                }
                #expect(listed.tickets.map(\.ticketID) == [opened.ticketID])

                // A late answer does not undo the breach.
                _ = try await TicketWorkTests.comment(ticket, opened.ticketID, "Xin lỗi vì chậm trễ")
                let answered = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(answered.sla.state == .breached)
                #expect(answered.sla.hasMetTime)

                let events = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(events.events.map(\.kind).prefix(4) == [.opened, .slaWarned, .slaBreached, .escalated])
                #expect(events.events[1].actor.kind == .service)

                let toOperators = try await ticket.outbox().map(\.alert).filter(\.toOperators)
                #expect(toOperators.map(\.severity) == [.warning, .critical])
                #expect(toOperators.allSatisfy { $0.organisationID.isEmpty && $0.reference == opened.ticketID })
            }
        }
    }

    @Test("working hours 07:00–17:00: received Friday 09:00, warned Tuesday 11:00 and breached Tuesday 13:00")
    func configuredWorkingHours() async throws {
        let settings = [
            "VDXP_TICKET_SLA_CLOCK_HOURS": "false", "VDXP_TICKET_WORKDAY_START": "07:00",
            "VDXP_TICKET_WORKDAY_END": "17:00",
        ]
        func vietnam(_ day: String, _ hour: Int) -> Date {
            CalendarDate(iso8601: day)!.instant(atSecondsIntoDay: hour * 3600)
        }
        // Friday 5 March 2027; 24 working hours: Friday 8, Monday 10, then Tuesday from 07:00 to 13:00.
        let clock = ManualClock(now: vietnam("2027-03-05", 9))
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings, clock: clock) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                #expect(!opened.sla.policy.clockHours, "the policy says working hours")
                #expect(opened.sla.dueTime.date == vietnam("2027-03-09", 13))
                clock.advance(by: vietnam("2027-03-09", 11).timeIntervalSince(clock.now) - 1)
                #expect(try await ticket.sweep(settings: settings) == SlaSweeper.Report())
                clock.advance(by: 1)
                #expect(try await ticket.sweep(settings: settings).warned == [opened.ticketID])
                clock.advance(by: 2 * 3600)
                #expect(try await ticket.sweep(settings: settings).breached == [opened.ticketID])
            }
        }
    }

    @Test("an answer within the 24 hours meets the clock: no warning, no breach")
    func met() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                ticket.clock.advance(by: 20 * 3600)
                _ = try await TicketWorkTests.comment(ticket, opened.ticketID, "Đang kiểm tra, sẽ phản hồi trong ngày")
                ticket.clock.advance(by: 30 * 3600)
                #expect(try await ticket.sweep() == SlaSweeper.Report())
                let met = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(met.sla.state == .met)
                #expect(met.sla.metTime.seconds - met.receiveTime.seconds == 20 * 3600)
            }
        }
    }

    @Test("a clock paused while waiting for the member does not run out; resumed, it runs out later by the pause")
    func pausedAndResumed() async throws {
        let settings = ["VDXP_TICKET_SLA_PROVIDED_SERVICE_MET_BY": "resolution"]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .acknowledged)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .inProgress)
                ticket.clock.advance(by: 3600)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .waitingForMember, text: "Cần nhật ký")
                ticket.clock.advance(by: 48 * 3600)
                let report = try await ticket.sweep(settings: settings)
                #expect(report == SlaSweeper.Report(), "paused: neither warned nor breached")
                _ = try await TicketWorkTests.comment(
                    ticket, opened.ticketID, "Nhật ký đính kèm", as: .member(Self.sender))
                ticket.clock.advance(by: 22 * 3600)
                #expect(try await ticket.sweep(settings: settings).warned == [opened.ticketID])
                ticket.clock.advance(by: 3600)
                #expect(try await ticket.sweep(settings: settings).breached == [opened.ticketID])
            }
        }
    }

    @Test("with VDXP_TICKET_SLA_PAUSE_WHILE_WAITING=false the clock runs on while waiting for the member")
    func notPausedWhenConfigured() async throws {
        let settings = [
            "VDXP_TICKET_SLA_PROVIDED_SERVICE_MET_BY": "resolution", "VDXP_TICKET_SLA_PAUSE_WHILE_WAITING": "false",
        ]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .acknowledged)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .inProgress)
                ticket.clock.advance(by: 3600)
                let waiting = try await TicketWorkTests.move(
                    ticket, opened.ticketID, to: .waitingForMember, text: "Cần nhật ký")
                #expect(!waiting.sla.policy.pauseWhileWaitingForMember, "the service took the setting")
                #expect(waiting.sla.state == .running, "waiting for the member does not stop this clock")
                #expect(
                    abs(waiting.sla.dueTime.date.timeIntervalSince(opened.receiveTime.date) - 24 * 3600) < 1,
                    "due 24 clock hours after receipt")
                ticket.clock.advance(by: 21 * 3600)  // 22 hours since receipt, all of them counted
                #expect(try await ticket.sweep(settings: settings).warned == [opened.ticketID])
                ticket.clock.advance(by: 2 * 3600)
                #expect(
                    try await ticket.sweep(settings: settings).breached == [opened.ticketID],
                    "breached at 24 clock hours although the ticket waits for the member")
            }
        }
    }

    @Test("a resolved ticket closes itself when the reopen period ends, and cannot be reopened after")
    func autoClosed() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: ["VDXP_TICKET_REOPEN_DAYS": "2"]) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                _ = try await TicketWorkTests.move(ticket, opened.ticketID, to: .resolved, text: "Đã khắc phục")
                ticket.clock.advance(by: 3 * 86400)
                let late = await rpcError {
                    _ = try await TicketWorkTests.move(
                        ticket, opened.ticketID, to: .inProgress, text: "Vẫn lỗi", as: .member(Self.sender))
                }
                #expect(late?.code == .failedPrecondition)
                #expect(
                    try await ticket.sweep(settings: ["VDXP_TICKET_REOPEN_DAYS": "2"]).autoClosed == [opened.ticketID])
                let closed = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(closed.state == .closed)
                let comment = await rpcError {
                    _ = try await TicketWorkTests.comment(ticket, opened.ticketID, "?", as: .member(Self.sender))
                }
                #expect(comment?.code == .failedPrecondition)
            }
        }
    }

    @Test("SLA figures per member and category: received, met, breached, open, median and p90")
    func figures() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let start = ticket.clock.now.addingTimeInterval(-60)
                let answered = try await TicketWorkTests.open(ticket)
                let late = try await TicketWorkTests.open(ticket)
                _ = try await TicketWorkTests.open(ticket, category: .connection)
                ticket.clock.advance(by: 2 * 3600)
                _ = try await TicketWorkTests.comment(ticket, answered.ticketID, "Đã nhận")
                ticket.clock.advance(by: 23 * 3600)
                try await ticket.sweep()
                _ = late
                let request = Vdxp_Ticket_V1_GetSlaFiguresRequest.with {
                    $0.startTime = Google_Protobuf_Timestamp(date: start)
                    $0.endTime = Google_Protobuf_Timestamp(date: ticket.clock.now)
                }
                let figures = try await ticket.call(as: .service("report")) { try await $0.getSlaFigures(request) }
                #expect(figures.members.map(\.organisationID) == [Self.sender.organisationID])
                let rows = figures.members[0].categories
                #expect(rows.map(\.category) == [.providedService, .connection])
                #expect(rows[0].received == 2)
                #expect(rows[0].met == 1)
                #expect(rows[0].breached == 1)
                #expect(rows[0].open == 0)
                #expect(rows[0].medianTimeToMilestone.seconds == 2 * 3600)
                #expect(rows[1].open == 1)

                let own = try await ticket.call(as: .member(Self.sender)) { try await $0.getSlaFigures(request) }
                #expect(own.members.count == 1)
                let other = await rpcError {
                    _ = try await ticket.call(as: .member(TestPlatform.recipient)) {
                        var forSender = request
                        forSender.organisationID = Self.sender.organisationID
                        return try await $0.getSlaFigures(forSender)
                    }
                }
                #expect(other?.code == .permissionDenied)
                let noPeriod = await rpcError {
                    _ = try await ticket.call(as: .operator) { try await $0.getSlaFigures(.init()) }
                }
                #expect(noPeriod?.badRequestFields == ["start_time"])
                let stranger = await rpcError {
                    _ = try await ticket.call(as: .service("search")) { try await $0.getSlaFigures(request) }
                }
                #expect(stranger?.code == .permissionDenied)
            }
        }
    }

    @Test("SLA figures are nearest-rank median and p90 over the answered tickets; a platform incident is its own row")
    func figuresPercentiles() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let start = ticket.clock.now.addingTimeInterval(-60)
                var opened: [Vdxp_Ticket_V1_Ticket] = []
                for number in 1...10 {
                    opened.append(try await TicketWorkTests.open(ticket, subject: "Yêu cầu \(number)"))
                }
                let incident = try await ticket.call(as: .service("monitoring")) {
                    try await $0.openTicket(
                        .with {
                            $0.category = .connection
                            $0.channel = .monitoring
                            $0.incidentID = "INC-2026-0100"
                            $0.subject = "Cơ sở dữ liệu chậm"
                            $0.description_p = "Độ trễ truy vấn vượt ngưỡng."
                        })
                }
                // The n-th ticket is answered n hours after receipt: 1 h to 10 h.
                for entry in opened {
                    ticket.clock.advance(by: 3600)
                    _ = try await TicketWorkTests.comment(ticket, entry.ticketID, "Đã nhận")
                }
                let request = Vdxp_Ticket_V1_GetSlaFiguresRequest.with {
                    $0.startTime = Google_Protobuf_Timestamp(date: start)
                    $0.endTime = Google_Protobuf_Timestamp(date: ticket.clock.now)
                }
                let figures = try await ticket.call(as: .operator) { try await $0.getSlaFigures(request) }
                #expect(figures.members.map(\.organisationID) == ["", Self.sender.organisationID])
                #expect(figures.members.first?.categories.map(\.received) == [1], "the platform incident")
                #expect(figures.members.first?.categories.first?.open == 1)
                let row = try #require(figures.members.last?.categories.first)
                #expect(row.received == 10)
                #expect(row.met == 10)
                #expect(row.medianTimeToMilestone.seconds == 5 * 3600)
                #expect(row.p90TimeToMilestone.seconds == 9 * 3600)
                // A member's own figures never show the platform's row.
                let own = try await ticket.call(as: .member(Self.sender)) { try await $0.getSlaFigures(request) }
                #expect(own.members.map(\.organisationID) == [Self.sender.organisationID])
                _ = incident
            }
        }
    }
}
