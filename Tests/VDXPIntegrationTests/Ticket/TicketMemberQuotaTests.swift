import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPStore

@testable import VDXPTicket

/// What one member can put into the support desk is bounded — its open tickets and the bytes it attaches per day —
/// so that one member's system in a loop cannot fill the platform's database; the operator's work is never refused.
@Suite("A member's tickets and attachments are bounded", .serialized, .timeLimit(.minutes(10)))
struct TicketMemberQuotaTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient

    @Test("beyond its open tickets a member is refused; the operator is not; a resolved ticket frees a place")
    func openTickets() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: ["VDXP_TICKET_MAX_OPEN_TICKETS_PER_MEMBER": "2"]) { ticket in
                let first = try await TicketWorkTests.open(ticket)
                _ = try await TicketWorkTests.open(ticket, category: .connection)
                let third = await rpcError { _ = try await TicketWorkTests.open(ticket, category: .other) }
                #expect(third?.code == .resourceExhausted)
                #expect(third?.message.contains("VDXP_TICKET_MAX_OPEN_TICKETS_PER_MEMBER") == true)

                // The operator enters a hotline ticket for the same member; another member opens its own.
                let hotline = try await ticket.call(as: .operator) {
                    try await $0.openTicket(
                        .with {
                            $0.organisationID = Self.sender.organisationID
                            $0.category = .other
                            $0.channel = .hotline
                            $0.reportedBy = "Nguyễn Văn An, 0901234567"
                            $0.subject = "Hỏi qua đường dây nóng"
                            $0.description_p = "Hỏi về kết nối."
                        })
                }
                #expect(hotline.organisationID == Self.sender.organisationID)
                _ = try await TicketWorkTests.open(ticket, as: .member(Self.recipient))

                _ = try await TicketWorkTests.move(ticket, first.ticketID, to: .resolved, text: "Đã khắc phục.")
                let again = try await TicketWorkTests.open(ticket, category: .other)
                #expect(again.state == .new)
            }
        }
    }

    @Test("a member attaches at most its bytes per 24 hours across its tickets; the operator's are not counted")
    func attachmentBytesPerDay() async throws {
        let clock = ManualClock()
        let settings = [
            "VDXP_TICKET_MAX_ATTACHMENT_BYTES": "2048", "VDXP_TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY": "2048",
        ]
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: settings, clock: clock) { ticket in
                let first = try await TicketWorkTests.open(ticket)
                let second = try await TicketWorkTests.open(ticket, category: .connection)
                func attach(
                    _ bytes: Int, to opened: Vdxp_Ticket_V1_Ticket,
                    as caller: TicketTestService.Caller = .member(Self.sender)
                ) async throws {
                    _ = try await ticket.call(as: caller) {
                        try await $0.addAttachment(
                            .with {
                                $0.ticketID = opened.ticketID
                                $0.fileName = "server.log"
                                $0.mediaType = "text/plain"
                                $0.content = Data(repeating: 0x41, count: bytes)
                            })
                    }
                }
                try await attach(1500, to: first)
                let over = await rpcError { try await attach(600, to: second) }
                #expect(over?.code == .resourceExhausted, "1,500 + 600 bytes in a day against 2,048")
                #expect(over?.message.contains("VDXP_TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY") == true)
                try await attach(1500, to: second, as: .operator)
                try await attach(500, to: second)
                let full = await rpcError { try await attach(100, to: first) }
                #expect(full?.code == .resourceExhausted, "2,000 + 100 bytes in a day against 2,048")

                clock.advance(by: 86_400 + 60)
                try await attach(2000, to: first)
            }
        }
    }

    @Test(
        "a member writes at most its comments per 24 hours across its tickets; the operator's answers are not counted")
    func commentsPerDay() async throws {
        let clock = ManualClock()
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: ["VDXP_TICKET_MAX_COMMENTS_PER_MEMBER_DAY": "2"], clock: clock) {
                ticket in
                let first = try await TicketWorkTests.open(ticket)
                let second = try await TicketWorkTests.open(ticket, category: .connection)
                _ = try await TicketWorkTests.comment(ticket, first.ticketID, "Lỗi vẫn còn.", as: .member(Self.sender))
                _ = try await TicketWorkTests.comment(ticket, first.ticketID, "Đã kiểm tra.")
                _ = try await TicketWorkTests.comment(
                    ticket, second.ticketID, "Thêm nhật ký.", as: .member(Self.sender))
                let third = await rpcError {
                    _ = try await TicketWorkTests.comment(
                        ticket, second.ticketID, "Còn lỗi nữa.", as: .member(Self.sender))
                }
                #expect(third?.code == .resourceExhausted)
                #expect(third?.message.contains("VDXP_TICKET_MAX_COMMENTS_PER_MEMBER_DAY") == true)
                _ = try await TicketWorkTests.comment(ticket, second.ticketID, "Chúng tôi đang xử lý.")
                _ = try await TicketWorkTests.comment(
                    ticket, second.ticketID, "Ghi chú nội bộ.", internal: true)
                let others = try await TicketWorkTests.open(ticket, as: .member(Self.recipient))
                _ = try await TicketWorkTests.comment(ticket, others.ticketID, "Hỏi.", as: .member(Self.recipient))

                clock.advance(by: 86_400 + 60)
                _ = try await TicketWorkTests.comment(ticket, second.ticketID, "Còn lỗi nữa.", as: .member(Self.sender))
            }
        }
    }

    /// The count used to be read before the comment's transaction: comments sent together each saw the others
    /// unwritten. Here the ticket's row is held while four arrive, so all four are counted at the same moment.
    @Test("comments sent at once by one member are counted against each other: no more than its quota are written")
    func concurrentComments() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket(settings: ["VDXP_TICKET_MAX_COMMENTS_PER_MEMBER_DAY": "2"]) { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                let outcomes = try await platform.database { database in
                    try await database.transaction(logger: platform.logger) { connection in
                        try await database.query(
                            "SELECT 1 FROM ticket.tickets WHERE ticket_id = \(opened.ticketID) FOR UPDATE",
                            on: connection, logger: platform.logger)
                        let comments = (0..<4).map { number in
                            Task {
                                try await TicketWorkTests.comment(
                                    ticket, opened.ticketID, "Lần \(number).", as: .member(Self.sender))
                            }
                        }
                        for _ in 0..<200 {
                            let waiting =
                                try await database.query(
                                    """
                                    SELECT count(*) FROM pg_stat_activity
                                    WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                                    """, logger: platform.logger
                                ).collect().first?.decode(Int.self) ?? 0
                            if waiting >= 4 { break }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                        return comments
                    }
                }
                var written = 0
                for comment in outcomes {
                    do {
                        _ = try await comment.value
                        written += 1
                    } catch let error as RPCError {
                        #expect(error.code == .resourceExhausted, "\(error)")
                    }
                }
                #expect(written == 2)
            }
        }
    }
}
