import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPTicket

/// A client whose answer was lost (a timeout, a dropped connection) calls again with the same `request_id`: what the
/// first attempt made is returned, and nothing is made or told twice — no second maintenance announcement to every
/// member's e-mail and telephone, no second notice, no second ticket with its own SLA clock.
@Suite("Ticket: a retry with the same request_id makes nothing twice", .serialized)
struct TicketRequestKeyTests {
    static let sender = TestPlatform.sender

    /// What Ticket's outbox holds for Monitoring, by idempotency key.
    static func outboxKeys(_ platform: TestPlatform) async throws -> [String] {
        let logger = platform.logger
        return try await platform.database { database in
            var keys: [String] = []
            for try await key in try await database.query(
                "SELECT idempotency_key FROM ticket.alert_outbox ORDER BY idempotency_key", on: nil, logger: logger
            ).decode(String.self) {
                keys.append(key)
            }
            return keys
        }
    }

    static func announcement(requestID: String, start: Date) -> Vdxp_Ticket_V1_AnnounceMaintenanceRequest {
        .with {
            $0.title = "Nâng cấp cơ sở dữ liệu Trục liên thông"
            $0.description_p = "Trục dừng nhận và giao văn bản; văn bản gửi trong thời gian này được giữ lại."
            $0.startTime = Google_Protobuf_Timestamp(date: start)
            $0.endTime = Google_Protobuf_Timestamp(date: start.addingTimeInterval(4 * 3600))
            $0.requestID = requestID
        }
    }

    @Test(
        "the operator's announcement, retried and raced with the same request_id, is one window told once; another key is another window"
    )
    func announcementOnce() async throws {
        let clock = ManualClock(now: TicketMaintenanceTests.vietnam("2027-03-01", hour: 10))
        try await TestPlatform.with { platform in
            try await platform.withTicket(clock: clock) { ticket in
                let start = TicketMaintenanceTests.vietnam("2027-03-15", hour: 22)
                let request = Self.announcement(requestID: "9c1f0e52-announce", start: start)
                let first = try await ticket.call(as: .operator) { try await $0.announceMaintenance(request) }
                // A retry, and two more at once (two replicas, say).
                let retried = try await ticket.call(as: .operator) { try await $0.announceMaintenance(request) }
                let raced = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await ticket.call(as: .operator) { try await $0.announceMaintenance(request) }.windowID
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(retried == first)
                #expect(raced == [first.windowID, first.windowID])
                let listed = try await ticket.call(as: .operator) { try await $0.listMaintenanceWindows(.init()) }
                #expect(listed.windows.map(\.windowID) == [first.windowID])
                #expect(try await Self.outboxKeys(platform) == ["maintenance/\(first.windowID)/announced"])

                let other = try await ticket.call(as: .operator) {
                    try await $0.announceMaintenance(Self.announcement(requestID: "another", start: start))
                }
                #expect(other.windowID != first.windowID, "a new key is a new call")
                // The key is the first call's: used for another method it is refused, and so is a malformed one.
                let reused = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.sendNotice(
                            .with {
                                $0.kind = .securityUpdate
                                $0.subject = "Bản vá máy chủ bảo mật 2.3.1"
                                $0.body = "Cập nhật trước ngày 20/3."
                                $0.dueTime = Google_Protobuf_Timestamp(date: start)
                                $0.requestID = "9c1f0e52-announce"
                            })
                    }
                }
                #expect(reused?.badRequestFields == ["request_id"])
                #expect(reused?.message.contains(first.windowID) == true, "\(reused?.message ?? "")")
                let malformed = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.announceMaintenance(Self.announcement(requestID: "khóa có dấu", start: start))
                    }
                }
                #expect(malformed?.badRequestFields == ["request_id"])
            }
        }
    }

    @Test(
        "a notice to every member and a member's ticket, each retried with its request_id, are sent and opened once; another member's same key is its own"
    )
    func noticeAndTicketOnce() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let notice = Vdxp_Ticket_V1_SendNoticeRequest.with {
                    $0.kind = .securityUpdate
                    $0.subject = "Bản vá máy chủ bảo mật 2.3.1"
                    $0.body = "Đề nghị các cơ quan cập nhật máy chủ bảo mật trước ngày 20/3."
                    $0.dueTime = Google_Protobuf_Timestamp(date: Date().addingTimeInterval(7 * 86400))
                    $0.requestID = "notice-2027-03-01"
                }
                let sent = try await ticket.call(as: .operator) { try await $0.sendNotice(notice) }
                let resent = try await ticket.call(as: .operator) { try await $0.sendNotice(notice) }
                #expect(resent.noticeID == sent.noticeID)
                let notices = try await ticket.call(as: .operator) { try await $0.listNotices(.init()) }
                #expect(notices.notices.map(\.noticeID) == [sent.noticeID])

                let open = TicketLifecycleIntegrationTests.request().changed { $0.requestID = "tk-1" }
                let opened = try await ticket.call(as: .member(Self.sender)) { try await $0.openTicket(open) }
                let reopened = try await ticket.call(as: .member(Self.sender)) { try await $0.openTicket(open) }
                #expect(reopened.ticketID == opened.ticketID)
                let listed = try await ticket.call(as: .member(Self.sender)) { try await $0.listTickets(.init()) }
                #expect(listed.tickets.map(\.ticketID) == [opened.ticketID])
                let others = try await ticket.call(as: .member(TestPlatform.recipient)) {
                    try await $0.openTicket(open)
                }
                #expect(others.ticketID != opened.ticketID, "keys are each caller's own")
                #expect(others.organisationID == TestPlatform.recipient.organisationID)

                #expect(
                    try await Self.outboxKeys(platform).sorted()
                        == [
                            "notice/\(sent.noticeID)/sent", "ticket/\(opened.ticketID)/opened",
                            "ticket/\(others.ticketID)/opened",
                        ].sorted())
            }
        }
    }

    @Test("the operator's answer retried with its request_id is one comment, and the member is told of it once")
    func answerOnce() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.openTicket(TicketLifecycleIntegrationTests.request())
                }
                let answer = Vdxp_Ticket_V1_CommentOnTicketRequest.with {
                    $0.ticketID = opened.ticketID
                    $0.text = "Đã kiểm tra: hệ thống của quý cơ quan nhận lại văn bản từ 10 giờ."
                    $0.requestID = "answer-1"
                }
                let first = try await ticket.call(as: .operator) { try await $0.commentOnTicket(answer) }
                let again = try await ticket.call(as: .operator) { try await $0.commentOnTicket(answer) }
                #expect(again == first)
                let history = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(history.events.filter { $0.kind == .commented }.count == 1)
                let answered = try await Self.outboxKeys(platform).filter { $0.contains("/answered/") }
                #expect(answered == ["ticket/\(opened.ticketID)/answered/\(first.sequence)"])
            }
        }
    }

    @Test(
        "the operator's resolution retried with its request_id moves the ticket once and tells the member once; without a key the retry is refused"
    )
    func resolutionOnce() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.openTicket(TicketLifecycleIntegrationTests.request())
                }
                let resolve = Vdxp_Ticket_V1_ChangeTicketStateRequest.with {
                    $0.ticketID = opened.ticketID
                    $0.state = .resolved
                    $0.text = "Đã cấp lại chứng thư số cho máy chủ của quý cơ quan."
                    $0.requestID = "resolve-1"
                }
                let first = try await ticket.call(as: .operator) { try await $0.changeTicketState(resolve) }
                let again = try await ticket.call(as: .operator) { try await $0.changeTicketState(resolve) }
                #expect(first.state == .resolved)
                #expect(again.state == .resolved)
                #expect(again.resolution == first.resolution)
                let history = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(history.events.filter { $0.toState == .resolved }.count == 1)
                let resolved = try await Self.outboxKeys(platform).filter { $0.contains("/resolved") }
                #expect(resolved.count == 1, "the member is told once: \(resolved)")

                let unkeyed = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.changeTicketState(resolve.changed { $0.requestID = "" })
                    }
                }
                #expect(unkeyed?.code == .failedPrecondition, "a retry without a key is a move off the graph")
                let misused = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.commentOnTicket(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.text = "x"
                                $0.requestID = "resolve-1"
                            })
                    }
                }
                #expect(misused?.badRequestFields == ["request_id"])
            }
        }
    }

    @Test(
        "a member's attachment retried with its request_id is stored and counted against its daily bytes once"
    )
    func attachmentOnce() async throws {
        let settings = [
            "VDXP_TICKET_MAX_ATTACHMENT_BYTES": "2048", "VDXP_TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY": "2048",
        ]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings) { ticket in
                let opened = try await ticket.call(as: .member(Self.sender)) {
                    try await $0.openTicket(TicketLifecycleIntegrationTests.request())
                }
                let attach = Vdxp_Ticket_V1_AddAttachmentRequest.with {
                    $0.ticketID = opened.ticketID
                    $0.fileName = "server.log"
                    $0.mediaType = "text/plain"
                    $0.content = Data(repeating: 0x41, count: 1500)
                    $0.requestID = "log-upload-1"
                }
                let first = try await ticket.call(as: .member(Self.sender)) { try await $0.addAttachment(attach) }
                let again = try await ticket.call(as: .member(Self.sender)) { try await $0.addAttachment(attach) }
                #expect(again == first, "1,500 bytes twice would be over the 2,048 of the day")
                let described = try await ticket.call(as: .operator) {
                    try await $0.getTicket(.with { $0.ticketID = opened.ticketID })
                }
                #expect(described.attachments.map(\.attachmentID) == [first.attachmentID])
                let history = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = opened.ticketID })
                }
                #expect(history.events.filter { $0.kind == .attachmentAdded }.count == 1)
            }
        }
    }
}
