import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPMonitoring
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// Art. 21.5 (and 22.3): after an incident the operator finds its root cause and tells the members concerned what
/// happened and what each side must do. Monitoring files most incidents as platform incidents, with no member: the
/// follow-up is linked to that ticket and sent to each affected member, or to every member, and the incident's
/// ticket records that it was sent.
@Suite("Ticket root-cause follow-up (Art. 21.5)", .serialized)
struct TicketRootCauseFollowUpTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    static func followUp(
        _ ticket: TicketTestService, linking ticketID: String, to organisationID: String
    ) async throws -> Vdxp_Ticket_V1_OperatorNotice {
        try await ticket.call(as: .operator) {
            try await $0.sendNotice(
                .with {
                    $0.kind = .rootCauseFollowUp
                    $0.organisationID = organisationID
                    $0.ticketID = ticketID
                    $0.subject = "Nguyên nhân sự cố Trục ngừng giao văn bản"
                    $0.body =
                        "Nguyên nhân: chứng thư số của máy chủ cơ sở dữ liệu hết hạn. Đã gia hạn và bổ sung cảnh báo."
                })
        }
    }

    /// The platform incident Monitoring files for a component of the platform itself.
    static func platformIncident(_ ticket: TicketTestService) async throws -> Vdxp_Ticket_V1_Ticket {
        try await ticket.call(as: .service("monitoring")) {
            try await $0.openTicket(
                .with {
                    $0.category = .connection
                    $0.channel = .monitoring
                    $0.incidentID = "INC-2026-0077"
                    $0.subject = "Dịch vụ Exchange không phản hồi"
                    $0.description_p = "Kiểm tra sức khỏe thất bại 3 lần liên tiếp."
                })
        }
    }

    @Test(
        "after a platform incident the operator sends its root cause to an affected member and to every member; the incident's ticket records both"
    )
    func afterPlatformIncident() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let incident = try await Self.platformIncident(ticket)
                #expect(incident.organisationID.isEmpty)

                let toSender = try await Self.followUp(
                    ticket, linking: incident.ticketID, to: Self.sender.organisationID)
                #expect(toSender.kind == .rootCauseFollowUp)
                #expect(toSender.organisationID == Self.sender.organisationID)
                #expect(toSender.ticketID == incident.ticketID)
                #expect(toSender.issuedBy.kind == .operator)
                let toEveryone = try await Self.followUp(ticket, linking: incident.ticketID, to: "")
                #expect(toEveryone.organisationID.isEmpty, "a platform incident's follow-up may go to every member")

                let senderSees = try await ticket.call(as: .member(Self.sender)) { try await $0.listNotices(.init()) }
                #expect(senderSees.notices.map(\.noticeID) == [toEveryone.noticeID, toSender.noticeID])
                let recipientSees = try await ticket.call(as: .member(Self.recipient)) {
                    try await $0.listNotices(.init())
                }
                #expect(recipientSees.notices.map(\.noticeID) == [toEveryone.noticeID])
                let acknowledged = try await ticket.call(as: .member(Self.recipient)) {
                    try await $0.acknowledgeNotice(.with { $0.noticeID = toEveryone.noticeID })
                }
                #expect(acknowledged.hasAcknowledgeTime)

                // The incident's ticket (operators only) says what was sent, to whom and by whom.
                let history = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = incident.ticketID })
                }
                let sent = history.events.filter { $0.kind == .noticeSent }
                #expect(sent.map(\.actor.name) == ["admin", "admin"])
                #expect(sent.first?.text.hasPrefix("\(toSender.noticeID) to \(Self.sender.organisationID):") == true)
                #expect(sent.last?.text.hasPrefix("\(toEveryone.noticeID) to every member:") == true)

                // Each notice reaches Ticket's outbox for Monitoring: the member's, and every member's.
                let alerts = try await ticket.outbox().map(\.alert).filter { $0.kind == .operatorNotice }
                #expect(alerts.map(\.reference) == [toSender.noticeID, toEveryone.noticeID])
                #expect(alerts.map(\.organisationID) == [Self.sender.organisationID, ""])
                #expect(alerts.allSatisfy { !$0.toOperators && $0.channels == [.email] })
                #expect(
                    alerts.map(\.idempotencyKey) == [
                        "notice/\(toSender.noticeID)/sent", "notice/\(toEveryone.noticeID)/sent",
                    ])
            }
        }
    }

    @Test("a follow-up on a member's own ticket shows in that ticket's history; another member's ticket is refused")
    func onAMembersTicket() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let own = try await TicketWorkTests.open(ticket, category: .connection)
                let notice = try await Self.followUp(ticket, linking: own.ticketID, to: Self.sender.organisationID)
                let history = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listTicketEvents(.with { $0.ticketID = own.ticketID })
                }
                #expect(history.events.map(\.kind) == [.opened, .noticeSent], "the member sees it on its ticket")
                #expect(history.events.last?.text.hasPrefix(notice.noticeID) == true)

                let toAnother = await rpcError {
                    _ = try await Self.followUp(ticket, linking: own.ticketID, to: Self.recipient.organisationID)
                }
                #expect(toAnother?.badRequestFields == ["ticket_id"])
                #expect(toAnother?.message.contains(Self.sender.organisationID) == true, "names whose ticket it is")
                let toEveryone = await rpcError {
                    _ = try await Self.followUp(ticket, linking: own.ticketID, to: "")
                }
                #expect(toEveryone?.badRequestFields == ["ticket_id"], "a member's ticket is never shown to all")
                let unknown = await rpcError {
                    _ = try await Self.followUp(ticket, linking: "TK-2026-999999", to: Self.sender.organisationID)
                }
                #expect(unknown?.code == .notFound)
                let withoutTicket = await rpcError {
                    _ = try await Self.followUp(ticket, linking: "", to: "")
                }
                #expect(withoutTicket?.badRequestFields == ["ticket_id"])
                let remediationToAll = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.sendNotice(
                            .with {
                                $0.kind = .remediationDemand
                                $0.subject = "x"
                                $0.body = "y"
                                $0.dueTime = Google_Protobuf_Timestamp(date: ticket.clock.now.addingTimeInterval(86400))
                            })
                    }
                }
                #expect(remediationToAll?.badRequestFields == ["organisation_id"], "a demand names its member")
                // Nothing refused left a trace: one notice, one NOTICE_SENT event.
                let notices = try await ticket.call(as: .operator) { try await $0.listNotices(.init()) }
                #expect(notices.notices.map(\.noticeID) == [notice.noticeID])
            }
        }
    }

    @Test("the follow-up of a platform incident reaches the affected member's inbox in the real Monitoring")
    func reachesTheMembersInbox() async throws {
        let clock = ManualClock()
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await platform.withTicket(clock: clock) { ticket in
                    let incident = try await Self.platformIncident(ticket)
                    let notice = try await Self.followUp(
                        ticket, linking: incident.ticketID, to: Self.recipient.organisationID)
                    #expect(try await TicketAlertDispatchTests.dispatch(ticket, to: monitoring.address) >= 1)
                    let inbox = try await monitoring.member(Self.recipient).monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    let followUps = inbox.filter { $0.kind == .operatorNotice }
                    #expect(followUps.map(\.reference) == [notice.noticeID])
                    let others = try await monitoring.member(Self.sender).monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    #expect(!others.contains { $0.reference == notice.noticeID }, "only the member addressed")
                }
            }
        }
    }
}
