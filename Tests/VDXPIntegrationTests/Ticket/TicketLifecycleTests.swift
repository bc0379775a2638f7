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

/// Art. 18.1: a member raises a difficulty through the ticket system, or by the hotline or the official e-mail which
/// the operator enters on its behalf; Monitoring opens tickets for incidents. Every step is in the history, naming
/// the person, and the member is told through Monitoring's outbox. Real PostgreSQL, real mutual TLS.
@Suite("Ticket life cycle (Art. 18.1)", .serialized)
struct TicketLifecycleIntegrationTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    static func request(
        _ category: Vdxp_Ticket_V1_TicketCategory = .providedService, subject: String = "Không nhận được văn bản"
    ) -> Vdxp_Ticket_V1_OpenTicketRequest {
        .with {
            $0.category = category
            $0.subject = subject
            $0.description_p = "Từ 8 giờ sáng nay hệ thống không nhận được văn bản nào từ Trục."
        }
    }

    @Test(
        "a member's person opens a ticket; the operator acknowledges and resolves it; the member closes it; the history names each person"
    )
    func memberTicketFromOpeningToClosure() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("lan.g22", of: Self.sender, roles: [.memberUser])
            let token = try await platform.login("lan.g22").token
            try await platform.withTicket { ticket in
                let lan = TicketTestService.Caller.member(Self.sender, token: token)
                let opened = try await ticket.call(as: lan) { try await $0.openTicket(Self.request()) }
                #expect(opened.ticketID.hasPrefix("TK-2026-") || opened.ticketID.hasPrefix("TK-20"))
                #expect(opened.organisationID == Self.sender.organisationID)
                #expect(opened.state == .new)
                #expect(opened.channel == .api)
                #expect(opened.openedBy.kind == .account)
                #expect(opened.openedBy.name == "lan.g22")
                #expect(opened.sla.policy.target.seconds == 24 * 3600, "Art. 18.2.a: 24 hours")
                #expect(opened.sla.state == .running)
                #expect(opened.sla.dueTime.seconds == opened.receiveTime.seconds + 24 * 3600)

                // Another member does not learn that it exists; the operator sees it.
                let hidden = await rpcError {
                    _ = try await ticket.call(as: .member(Self.recipient)) {
                        try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                    }
                }
                #expect(hidden?.code == .notFound)
                let seen = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(seen.subject == opened.subject)

                // Only the operator acknowledges.
                let refused = await rpcError {
                    _ = try await ticket.call(as: lan) {
                        try await $0.changeTicketState(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.state = .acknowledged
                            })
                    }
                }
                #expect(refused?.code == .permissionDenied)

                ticket.clock.advance(by: 3600)
                let acknowledged = try await ticket.call(as: .operator) {
                    try await $0.changeTicketState(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.state = .acknowledged
                        })
                }
                #expect(acknowledged.state == .acknowledged)
                #expect(acknowledged.sla.state == .met, "the first answer meets the 24-hour clock")
                #expect(acknowledged.sla.metTime.seconds == opened.receiveTime.seconds + 3600)

                let offGraph = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.changeTicketState(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.state = .closed
                            })
                    }
                }
                #expect(offGraph?.code == .failedPrecondition)
                #expect(offGraph?.message.contains("moves allowed from ACKNOWLEDGED") == true)

                let noText = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.changeTicketState(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.state = .resolved
                            })
                    }
                }
                #expect(noText?.code == .invalidArgument)
                #expect(noText?.badRequestFields == ["text"])

                let resolved = try await ticket.call(as: .operator) {
                    try await $0.changeTicketState(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.state = .resolved
                            $0.text = "Chứng thư số của máy chủ được gia hạn; văn bản đã được giao lại."
                        })
                }
                #expect(resolved.state == .resolved)
                #expect(resolved.resolution.hasPrefix("Chứng thư số"))

                let closed = try await ticket.call(as: lan) {
                    try await $0.changeTicketState(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.state = .closed
                        })
                }
                #expect(closed.state == .closed)

                let history = try await ticket.call(as: lan) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(
                    history.events.map(\.kind) == [
                        .opened, .stateChanged, .slaMet, .stateChanged, .stateChanged,
                    ])
                #expect(history.events.map(\.actor.name) == ["lan.g22", "admin", "ticket", "admin", "lan.g22"])
                #expect(history.events.map(\.sequence) == [1, 2, 3, 4, 5])

                // The member was told at receipt, at the answer and at the resolution.
                let alerts = try await ticket.outbox().map(\.alert)
                #expect(alerts.allSatisfy { $0.organisationID == Self.sender.organisationID && !$0.toOperators })
                #expect(
                    alerts.map(\.idempotencyKey) == [
                        "ticket/\(opened.ticketID)/opened", "ticket/\(opened.ticketID)/answered/2",
                        "ticket/\(opened.ticketID)/resolved/4",
                    ])
                #expect(alerts.allSatisfy { $0.kind == .supportTicket })
            }
        }
    }

    @Test(
        "the operator enters a hotline ticket on a member's behalf, dated when the call came in; bad input names the field"
    )
    func hotlineTicket() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let called = ticket.clock.now.addingTimeInterval(-3600)
                let hotline = try await ticket.call(as: .operator) {
                    try await $0.openTicket(
                        .with {
                            $0.organisationID = Self.recipient.organisationID
                            $0.category = .connection
                            $0.channel = .hotline
                            $0.subject = "Mất kết nối tới Trục"
                            $0.description_p = "Máy chủ bảo mật báo lỗi TLS từ 7 giờ."
                            $0.reportedBy = "Nguyễn Văn An, 024 3825 1234"
                            $0.receiveTime = Google_Protobuf_Timestamp(date: called)
                        })
                }
                #expect(hotline.channel == .hotline)
                #expect(hotline.openedBy.kind == .operator)
                #expect(hotline.reportedBy == "Nguyễn Văn An, 024 3825 1234")
                #expect(hotline.receiveTime.seconds == Int64(called.timeIntervalSince1970))
                #expect(hotline.sla.dueTime.seconds == hotline.receiveTime.seconds + 48 * 3600, "Art. 18.2.b: 48 hours")

                let missing = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.openTicket(
                            .with {
                                $0.organisationID = Self.recipient.organisationID
                                $0.category = .connection
                                $0.channel = .email
                                $0.subject = "Lỗi"
                                $0.description_p = "Lỗi"
                            })
                    }
                }
                #expect(missing?.code == .invalidArgument)
                #expect(missing?.badRequestFields == ["reported_by"])

                let tooOld = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.openTicket(
                            .with {
                                $0.organisationID = Self.recipient.organisationID
                                $0.category = .connection
                                $0.channel = .email
                                $0.subject = "Lỗi"
                                $0.description_p = "Lỗi"
                                $0.reportedBy = "vanthu@hanoi.gov.vn"
                                $0.receiveTime = Google_Protobuf_Timestamp(
                                    date: ticket.clock.now.addingTimeInterval(-8 * 86400))
                            })
                    }
                }
                #expect(tooOld?.badRequestFields == ["receive_time"])

                let noCategory = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.openTicket(Self.request(.unspecified))
                    }
                }
                #expect(noCategory?.badRequestFields == ["category"])

                let memberHotline = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        var request = Self.request()
                        request.channel = .hotline
                        return try await $0.openTicket(request)
                    }
                }
                #expect(memberHotline?.code == .permissionDenied)

                let forAnother = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        var request = Self.request()
                        request.organisationID = Self.recipient.organisationID
                        return try await $0.openTicket(request)
                    }
                }
                #expect(forAnother?.code == .permissionDenied)

                let stranger = await rpcError {
                    _ = try await ticket.call(as: .service("search")) { try await $0.openTicket(Self.request()) }
                }
                #expect(stranger?.code == .permissionDenied)
            }
        }
    }

    @Test("Monitoring opens one ticket per incident: opening again for the same incident returns it")
    func monitoringIncidentTicket() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let request = Vdxp_Ticket_V1_OpenTicketRequest.with {
                    $0.organisationID = Self.recipient.organisationID
                    $0.category = .connection
                    $0.channel = .monitoring
                    $0.incidentID = "INC-2026-0042"
                    $0.subject = "Thành viên mất kết nối"
                    $0.description_p = "Không có nhịp tim trong 15 phút."
                    $0.priority = .high
                }
                let first = try await ticket.call(as: .service("monitoring")) { try await $0.openTicket(request) }
                let again = try await ticket.call(as: .service("monitoring")) { try await $0.openTicket(request) }
                #expect(first.ticketID == again.ticketID)
                #expect(first.channel == .monitoring)
                #expect(first.incidentID == "INC-2026-0042")
                #expect(first.openedBy.kind == .service)
                #expect(first.priority == .high)
                let listed = try await ticket.call(as: .operator) { try await $0.listTickets(.init()) }
                #expect(listed.tickets.map(\.ticketID) == [first.ticketID])

                let report = await rpcError {
                    _ = try await ticket.call(as: .service("report")) { try await $0.openTicket(request) }
                }
                #expect(report?.code == .permissionDenied)
            }
        }
    }

    @Test("Monitoring opens a platform incident with no member: operators see it and are told, no member ever does")
    func platformIncidentWithoutMember() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let memberTicket = try await TicketWorkTests.open(ticket)
                let incident = try await ticket.call(as: .service("monitoring")) {
                    try await $0.openTicket(
                        .with {
                            $0.category = .connection
                            $0.channel = .monitoring
                            $0.incidentID = "INC-2026-0043"
                            $0.subject = "Dịch vụ Exchange không phản hồi"
                            $0.description_p = "Kiểm tra sức khỏe thất bại 3 lần liên tiếp."
                        })
                }
                #expect(incident.organisationID.isEmpty, "a platform incident names no member")
                #expect(incident.channel == .monitoring)

                let operatorList = try await ticket.call(as: .operator) { try await $0.listTickets(.init()) }
                #expect(Set(operatorList.tickets.map(\.ticketID)) == [incident.ticketID, memberTicket.ticketID])
                let fetched = try await ticket.call(as: .operator) { [id = incident.ticketID] in
                    try await $0.getTicket(.with { $0.ticketID = id })
                }
                #expect(fetched.ticketID == incident.ticketID)

                for member in [Self.sender, Self.recipient] {
                    let listed = try await ticket.call(as: .member(member)) { try await $0.listTickets(.init()) }
                    #expect(!listed.tickets.map(\.ticketID).contains(incident.ticketID), "\(member.organisationID)")
                    let hidden = await rpcError {
                        _ = try await ticket.call(as: .member(member)) { [id = incident.ticketID] in
                            try await $0.getTicket(.with { $0.ticketID = id })
                        }
                    }
                    #expect(hidden?.code == .notFound)
                    let history = await rpcError {
                        _ = try await ticket.call(as: .member(member)) { [id = incident.ticketID] in
                            try await $0.listTicketEvents(.with { $0.ticketID = id })
                        }
                    }
                    #expect(history?.code == .notFound)
                }

                // Its notification goes to the operator group, never to "every member".
                let alerts = try await ticket.outbox().map(\.alert).filter { $0.reference == incident.ticketID }
                #expect(!alerts.isEmpty)
                #expect(alerts.allSatisfy { $0.toOperators && $0.organisationID.isEmpty })

                // Members and the operator keep today's rules: both must name a member.
                let operatorWithout = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.openTicket(
                            .with {
                                $0.category = .other
                                $0.channel = .hotline
                                $0.reportedBy = "Nguyễn Văn A, 0901234567"
                                $0.subject = "Hỏi"
                                $0.description_p = "Hỏi về kết nối."
                            })
                    }
                }
                #expect(operatorWithout?.badRequestFields == ["organisation_id"])
            }
        }
    }
}
