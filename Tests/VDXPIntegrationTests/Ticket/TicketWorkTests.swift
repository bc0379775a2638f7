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

/// Working a ticket (Art. 18): comments and internal notes, waiting for the member, assignment and priority, the
/// operator's queue, and attachments kept in the database within their limits.
@Suite("Ticket work (Art. 18)", .serialized)
struct TicketWorkTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    static func open(
        _ ticket: TicketTestService, as caller: TicketTestService.Caller = .member(TestPlatform.sender),
        category: Vdxp_Ticket_V1_TicketCategory = .providedService, subject: String = "Lỗi trạng thái văn bản"
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        try await ticket.call(as: caller) {
            try await $0.openTicket(
                .with {
                    $0.category = category
                    $0.subject = subject
                    $0.description_p = "Trạng thái không được cập nhật."
                })
        }
    }

    static func move(
        _ ticket: TicketTestService, _ id: String, to state: Vdxp_Ticket_V1_TicketState, text: String = "",
        as caller: TicketTestService.Caller = .operator
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        try await ticket.call(as: caller) {
            try await $0.changeTicketState(
                .with {
                    $0.ticketID = id
                    $0.state = state
                    $0.text = text
                })
        }
    }

    static func comment(
        _ ticket: TicketTestService, _ id: String, _ text: String, internal: Bool = false,
        as caller: TicketTestService.Caller = .operator
    ) async throws -> Vdxp_Ticket_V1_TicketEvent {
        try await ticket.call(as: caller) {
            try await $0.commentOnTicket(
                .with {
                    $0.ticketID = id
                    $0.text = text
                    $0.`internal` = `internal`
                })
        }
    }

    @Test(
        "the member never sees internal notes; its answer to WAITING_FOR_MEMBER hands the ticket back and restarts the paused clock"
    )
    func commentsAndWaiting() async throws {
        let settings = ["VDXP_TICKET_SLA_PROVIDED_SERVICE_MET_BY": "resolution"]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings) { ticket in
                let opened = try await Self.open(ticket)
                #expect(opened.sla.policy.metBy == .resolution)
                _ = try await Self.move(ticket, opened.ticketID, to: .acknowledged)
                _ = try await Self.move(ticket, opened.ticketID, to: .inProgress)
                let note = try await Self.comment(
                    ticket, opened.ticketID, "Nghi lỗi cấu hình máy chủ bảo mật", internal: true)
                #expect(note.`internal`)
                let memberNote = await rpcError {
                    _ = try await Self.comment(ticket, opened.ticketID, "x", internal: true, as: .member(Self.sender))
                }
                #expect(memberNote?.code == .permissionDenied)

                ticket.clock.advance(by: 2 * 3600)
                let waiting = try await Self.move(
                    ticket, opened.ticketID, to: .waitingForMember, text: "Gửi nhật ký máy chủ")
                #expect(waiting.sla.state == .paused)

                ticket.clock.advance(by: 10 * 3600)
                let answer = try await Self.comment(ticket, opened.ticketID, "Đã gửi nhật ký", as: .member(Self.sender))
                #expect(answer.kind == .commented)
                let back = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(back.state == .inProgress)
                #expect(back.sla.state == .running)
                #expect(back.sla.paused.seconds == 10 * 3600)
                #expect(back.sla.dueTime.seconds == opened.receiveTime.seconds + 34 * 3600)

                let memberView = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(!memberView.events.contains { $0.`internal` })
                let operatorView = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(operatorView.events.count == memberView.events.count + 1)
                #expect(operatorView.events.last?.actor.name == Self.sender.organisationID)
                #expect(operatorView.events.last?.actor.kind == .memberSystem)

                // Paging through the history.
                let firstPage = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.pageSize = 2
                        })
                }
                #expect(firstPage.events.map(\.sequence) == [1, 2])
                let secondPage = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.pageSize = 2
                            $0.pageToken = firstPage.nextPageToken
                        })
                }
                #expect(secondPage.events.map(\.sequence) == [3, 4])

                // Reopen after resolution: the member says why; the RESOLUTION clock runs again.
                _ = try await Self.move(ticket, opened.ticketID, to: .resolved, text: "Đã sửa cấu hình")
                ticket.clock.advance(by: 3600)
                let noReason = await rpcError {
                    _ = try await Self.move(ticket, opened.ticketID, to: .inProgress, as: .member(Self.sender))
                }
                #expect(noReason?.badRequestFields == ["text"])
                let reopened = try await Self.move(
                    ticket, opened.ticketID, to: .inProgress, text: "Vẫn lỗi", as: .member(Self.sender))
                #expect(reopened.reopenCount == 1)
                #expect(reopened.sla.state == .running)
            }
        }
    }

    @Test("the operator assigns and reprioritises; the queue filters and pages; a member sees only its own tickets")
    func queue() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("kiemtra.g22", of: Self.sender, roles: [.auditor])
            let auditor = try await platform.login("kiemtra.g22").token
            try await platform.withTicket { ticket in
                var opened: [String] = []
                for index in 1...3 {
                    opened.append(try await Self.open(ticket, subject: "Yêu cầu \(index)").ticketID)
                    ticket.clock.advance(by: 60)
                }
                let mine = opened
                let theirs = try await Self.open(ticket, as: .member(Self.recipient), category: .connection)

                let assigned = try await ticket.call(as: .operator) {
                    try await $0.assignTicket(
                        .with {
                            $0.ticketID = mine[0]
                            $0.assignee = "hotro.nguyen"
                        })
                }
                #expect(assigned.assignee == "hotro.nguyen")
                let urgent = try await ticket.call(as: .operator) {
                    try await $0.setTicketPriority(
                        .with {
                            $0.ticketID = mine[0]
                            $0.priority = .urgent
                        })
                }
                #expect(urgent.priority == .urgent)
                let memberAssigns = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.assignTicket(.with { $0.ticketID = mine[0] })
                    }
                }
                #expect(memberAssigns?.code == .permissionDenied)
                let noPriority = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.setTicketPriority(.with { $0.ticketID = mine[0] })
                    }
                }
                #expect(noPriority?.badRequestFields == ["priority"])

                let page1 = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listTickets(.with { $0.pageSize = 2 })
                }
                #expect(page1.tickets.map(\.ticketID) == [mine[2], mine[1]], "most recently received first")
                let page2 = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.listTickets(
                        .with {
                            $0.pageSize = 2
                            $0.pageToken = page1.nextPageToken
                        })
                }
                #expect(page2.tickets.map(\.ticketID) == [mine[0]])
                #expect(page2.nextPageToken.isEmpty)

                let assignedOnly = try await ticket.call(as: .operator) {
                    try await $0.listTickets(.with { $0.assignee = "hotro.nguyen" })
                }
                #expect(assignedOnly.tickets.map(\.ticketID) == [mine[0]])
                let connection = try await ticket.call(as: .operator) {
                    try await $0.listTickets(.with { $0.category = .connection })
                }
                #expect(connection.tickets.map(\.ticketID) == [theirs.ticketID])
                let all = try await ticket.call(as: .operator) { try await $0.listTickets(.init()) }
                #expect(all.tickets.count == 4)

                let otherMember = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.listTickets(.with { $0.organisationID = Self.recipient.organisationID })
                    }
                }
                #expect(otherMember?.code == .permissionDenied)
                let badToken = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.listTickets(.with { $0.pageToken = "not-a-token" })
                    }
                }
                #expect(badToken?.badRequestFields == ["page_token"])

                // An auditor reads but does not write.
                let read = try await ticket.call(as: .member(Self.sender, token: auditor)) {
                    try await $0.listTickets(.init())
                }
                #expect(read.tickets.count == 3)
                let auditorOpens = await rpcError {
                    _ = try await Self.open(ticket, as: .member(Self.sender, token: auditor))
                }
                #expect(auditorOpens?.code == .permissionDenied)
            }
        }
    }

    @Test("attachments are kept with their SHA-256; over the size or count limit is RESOURCE_EXHAUSTED")
    func attachments() async throws {
        let settings = ["VDXP_TICKET_MAX_ATTACHMENT_BYTES": "1024", "VDXP_TICKET_MAX_ATTACHMENTS": "2"]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings) { ticket in
                let opened = try await Self.open(ticket)
                let log = Data("2026-11-02 08:00:01 ERROR TLS handshake failed\n".utf8)
                func attach(_ name: String, _ content: Data, as caller: TicketTestService.Caller = .member(Self.sender))
                    async throws -> Vdxp_Ticket_V1_TicketAttachment
                {
                    try await ticket.call(as: caller) {
                        try await $0.addAttachment(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.fileName = name
                                $0.mediaType = "text/plain"
                                $0.content = content
                            })
                    }
                }
                let first = try await attach("server.log", log)
                #expect(first.attachmentID == 1)
                #expect(first.sizeBytes == Int64(log.count))
                #expect(first.sha256.count == 32)
                #expect(first.addedBy.name == Self.sender.organisationID)

                let tooLarge = await rpcError { _ = try await attach("big.bin", Data(count: 1025)) }
                #expect(tooLarge?.code == .resourceExhausted)
                let badName = await rpcError { _ = try await attach("../etc/passwd", log) }
                #expect(badName?.badRequestFields == ["file_name"])
                let empty = await rpcError { _ = try await attach("empty.txt", Data()) }
                #expect(empty?.badRequestFields == ["content"])
                _ = try await attach("second.log", log, as: .operator)
                let third = await rpcError { _ = try await attach("third.log", log) }
                #expect(third?.code == .resourceExhausted)

                let content = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.getAttachment(
                        .with {
                            $0.ticketID = opened.ticketID
                            $0.attachmentID = 1
                        })
                }
                #expect(content.content == log)
                #expect(content.attachment.fileName == "server.log")
                let described = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(described.attachments.map(\.fileName) == ["server.log", "second.log"])
                let other = await rpcError {
                    _ = try await ticket.call(as: .member(Self.recipient)) {
                        try await $0.getAttachment(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.attachmentID = 1
                            })
                    }
                }
                #expect(other?.code == .notFound)
                let missing = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.getAttachment(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.attachmentID = 9
                            })
                    }
                }
                #expect(missing?.code == .notFound)
            }
        }
    }
}
