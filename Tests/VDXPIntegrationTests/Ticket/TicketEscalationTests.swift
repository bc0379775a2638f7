import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring
@testable import VDXPTicket

/// Art. 18.2.b: a connection or technical difficulty is received, assessed and supported within 48 hours. On a
/// manual clock, the sweeper warns the operator group two hours before, and at the deadline marks the ticket BREACHED
/// and escalates it; the escalation goes from Ticket's outbox through its dispatcher to the real Monitoring's
/// `SubmitAlert`, which raises the operator group's alert with its e-mail and SMS notifications.
@Suite("Ticket escalation of the 48-hour clock (Art. 18.2.b)", .serialized)
struct TicketEscalationTests {
    static let operatorEmails = ["vanhanh@vpcp.gov.vn", "truc.ca@vpcp.gov.vn"]
    static let operatorPhone = "+84987654321"

    static func connectionTicket(_ ticket: TicketTestService) async throws -> Vdxp_Ticket_V1_Ticket {
        try await TicketWorkTests.open(ticket, category: .connection, subject: "Máy chủ bảo mật không bắt tay TLS")
    }

    @Test("a CONNECTION ticket: nothing at 45 h 59 min, warned at 46 h, breached and escalated at 48 h")
    func fortyEightHours() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await Self.connectionTicket(ticket)
                #expect(opened.sla.policy.target.seconds == 48 * 3600, "Art. 18.2.b: 48 hours")
                #expect(opened.sla.dueTime.seconds == opened.receiveTime.seconds + 48 * 3600)

                ticket.clock.advance(by: 46 * 3600 - 60)
                #expect(try await ticket.sweep() == SlaSweeper.Report(), "45 h 59 min: not yet")
                ticket.clock.advance(by: 60)
                #expect(try await ticket.sweep().warned == [opened.ticketID], "46 h: two hours before")
                ticket.clock.advance(by: 2 * 3600 - 1)
                #expect(try await ticket.sweep() == SlaSweeper.Report(), "a second before the deadline")
                ticket.clock.advance(by: 1)
                #expect(try await ticket.sweep().breached == [opened.ticketID], "48 h")

                let breached = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(breached.sla.state == .breached)
                #expect(breached.sla.warnTime.seconds == opened.receiveTime.seconds + 46 * 3600)
                #expect(breached.sla.escalateTime.seconds == opened.receiveTime.seconds + 48 * 3600)
                let events = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(events.events.map(\.kind) == [.opened, .slaWarned, .slaBreached, .escalated])
                let toOperators = try await ticket.outbox().map(\.alert).filter(\.toOperators)
                #expect(toOperators.map(\.severity) == [.warning, .critical])
                #expect(toOperators.allSatisfy { $0.channels == [.email, .sms] && $0.reference == opened.ticketID })
            }
        }
    }

    @Test(
        "the escalation goes through Ticket's dispatcher to the real Monitoring: the operator group's alert, with its e-mail and SMS notifications"
    )
    func escalationReachesTheOperatorGroup() async throws {
        let clock = ManualClock()
        let settings = [
            "VDXP_MONITORING_OPERATOR_EMAILS": Self.operatorEmails.joined(separator: ","),
            "VDXP_MONITORING_OPERATOR_PHONES": "0987 654 321",
        ]
        try await TestPlatform.with { platform in
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(
                clock: clock, channels: MonitoringChannels(email: email, sms: sms), settings: settings
            ) { monitoring in
                try await platform.withTicket(clock: clock) { ticket in
                    let opened = try await Self.connectionTicket(ticket)
                    clock.advance(by: 48 * 3600)
                    #expect(try await ticket.sweep().breached == [opened.ticketID])
                    // The member's receipt and the escalation are handed over; nothing is left pending.
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) == 2)
                    #expect(try await ticket.outbox().allSatisfy(\.delivered))

                    func escalation() async throws -> Vdxp_Monitoring_V1_Alert? {
                        try await monitoring.operatorClient.monitoring {
                            try await $0.listAlerts(.init()).alerts.first {
                                $0.reference == opened.ticketID && $0.severity == .critical
                            }
                        }
                    }
                    try await TestMonitoring.eventually("the escalation has its three notifications") {
                        try await escalation()?.notifications.count == 3
                    }
                    let alert = try #require(try await escalation())
                    #expect(alert.kind == .supportTicket)
                    #expect(alert.organisationID.isEmpty, "the operator group's, not a member's")
                    let addresses = alert.notifications.map { "\($0.channel == .sms ? "sms" : "email") \($0.address)" }
                    #expect(
                        Set(addresses) == Set(Self.operatorEmails.map { "email \($0)" } + ["sms \(Self.operatorPhone)"])
                    )
                    let members = try await monitoring.member(TestPlatform.sender).monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    #expect(!members.contains { $0.alertID == alert.alertID }, "no member sees the escalation")
                }
            }
        }
    }
}
