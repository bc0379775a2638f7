import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// The Ticket client the tests call through.
typealias TicketClient = Vdxp_Ticket_V1_TicketService.Client<HTTP2ClientTransport.Posix>

/// Every RPC, beyond its happy path: a request that breaks a rule is INVALID_ARGUMENT naming the field, and a caller
/// the handler narrows out is refused — a member never reaches another member's ticket or notice (NOT_FOUND or
/// PERMISSION_DENIED), an auditor only reads, a MEMBER_USER does not acknowledge for its organisation. The
/// interceptor's refusals (wrong caller kind, bad certificates and tokens) are the security matrix's.
@Suite("Ticket request rules: bad input and refused callers", .serialized)
struct TicketRequestRulesTests {
    static let sender = TestPlatform.sender
    static let recipient = TestPlatform.recipient
    /// Well formed, but no member of the platform.
    static let nonMember = "000.00.00.H99"

    @Test("a request that breaks a rule names its field, RPC by RPC")
    func badInputNamesTheField() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                let id = opened.ticketID
                func expectField(
                    _ name: String, _ field: String, as caller: TicketTestService.Caller = .operator,
                    _ call: @escaping @Sendable (TicketClient) async throws -> Void
                ) async {
                    let error = await rpcError { try await ticket.call(as: caller) { try await call($0) } }
                    #expect(error?.code == .invalidArgument, "\(name)")
                    #expect(error?.badRequestFields == [field], "\(name)")
                }

                // GetTicket, ListTicketEvents.
                await expectField("GetTicket without ticket_id", "ticket_id") { _ = try await $0.getTicket(.init()) }
                let overlong = await rpcError {
                    _ = try await ticket.call(as: .operator) {
                        try await $0.getTicket(.with { $0.ticketID = String(repeating: "T", count: 65) })
                    }
                }
                #expect(overlong?.code == .notFound, "no ticket id is that long")
                await expectField("ListTicketEvents without ticket_id", "ticket_id") {
                    _ = try await $0.listTicketEvents(.init())
                }
                await expectField("ListTicketEvents page_size", "page_size") {
                    _ = try await $0.listTicketEvents(
                        .with {
                            $0.ticketID = id
                            $0.pageSize = 501
                        })
                }
                await expectField("ListTicketEvents page_token", "page_token", as: .member(Self.sender)) {
                    _ = try await $0.listTicketEvents(
                        .with {
                            $0.ticketID = id
                            $0.pageToken = "not-a-token"
                        })
                }
                // ListTickets.
                await expectField("ListTickets states", "states[0]") {
                    _ = try await $0.listTickets(.with { $0.states = [.unspecified] })
                }
                // Millions of one state in 4 MiB cost PostgreSQL seconds: each state once.
                await expectField("ListTickets states repeated", "states") {
                    _ = try await $0.listTickets(.with { $0.states = Array(repeating: .new, count: 100_000) })
                }
                await expectField("ListTickets category", "category") {
                    _ = try await $0.listTickets(.with { $0.category = .UNRECOGNIZED(9) })
                }
                // CommentOnTicket, AssignTicket.
                await expectField("CommentOnTicket without text", "text", as: .member(Self.sender)) {
                    _ = try await $0.commentOnTicket(.with { $0.ticketID = id })
                }
                await expectField("CommentOnTicket without ticket_id", "ticket_id") {
                    _ = try await $0.commentOnTicket(.with { $0.text = "Đã nhận" })
                }
                await expectField("AssignTicket assignee with a line break", "assignee") {
                    _ = try await $0.assignTicket(
                        .with {
                            $0.ticketID = id
                            $0.assignee = "hotro\nnguyen"
                        })
                }
                await expectField("AssignTicket assignee too long", "assignee") {
                    _ = try await $0.assignTicket(
                        .with {
                            $0.ticketID = id
                            $0.assignee = String(repeating: "a", count: 201)
                        })
                }
                await expectField("AssignTicket without ticket_id", "ticket_id") {
                    _ = try await $0.assignTicket(.with { $0.assignee = "hotro.nguyen" })
                }
                // OpenTicket: what only the operator or Monitoring may set, and a member the platform does not have.
                for (field, request) in [
                    ("receive_time", Self.memberRequest { $0.receiveTime = Google_Protobuf_Timestamp(date: Date()) }),
                    ("incident_id", Self.memberRequest { $0.incidentID = "INC-2026-0001" }),
                    ("reported_by", Self.memberRequest { $0.reportedBy = "Nguyễn Văn An" }),
                ] {
                    await expectField("OpenTicket by a member with \(field)", field, as: .member(Self.sender)) {
                        _ = try await $0.openTicket(request)
                    }
                }
                await expectField("OpenTicket for a non-member", "organisation_id") {
                    _ = try await $0.openTicket(
                        .with {
                            $0.organisationID = Self.nonMember
                            $0.category = .other
                            $0.channel = .hotline
                            $0.reportedBy = "Nguyễn Văn An, 0901234567"
                            $0.subject = "Hỏi"
                            $0.description_p = "Hỏi về kết nối."
                        })
                }
                // CancelMaintenance, SendNotice, AcknowledgeNotice.
                await expectField("CancelMaintenance without window_id", "window_id") {
                    _ = try await $0.cancelMaintenance(.with { $0.reason = "Dời lịch" })
                }
                await expectField("CancelMaintenance without reason", "reason") {
                    _ = try await $0.cancelMaintenance(.with { $0.windowID = "MW-2026-0001" })
                }
                await expectField("SendNotice without kind", "kind") {
                    _ = try await $0.sendNotice(
                        .with {
                            $0.organisationID = Self.sender.organisationID
                            $0.subject = "x"
                            $0.body = "y"
                        })
                }
                await expectField("SendNotice CREDENTIAL_LOSS", "kind") {
                    _ = try await $0.sendNotice(
                        .with {
                            $0.kind = .credentialLoss
                            $0.organisationID = Self.sender.organisationID
                            $0.subject = "x"
                            $0.body = "y"
                        })
                }
                await expectField("AcknowledgeNotice without notice_id", "notice_id", as: .member(Self.sender)) {
                    _ = try await $0.acknowledgeNotice(.init())
                }
                // Nothing refused changed the ticket: its history is still the opening alone.
                let history = try await ticket.call(as: .operator) {
                    try await $0.listTicketEvents(.with { $0.ticketID = id })
                }
                #expect(history.events.map(\.kind) == [.opened])
            }
        }
    }

    /// A member's request to open a ticket through the API, changed by `edit`.
    static func memberRequest(_ edit: (inout Vdxp_Ticket_V1_OpenTicketRequest) -> Void)
        -> Vdxp_Ticket_V1_OpenTicketRequest
    {
        var request = Vdxp_Ticket_V1_OpenTicketRequest.with {
            $0.category = .providedService
            $0.subject = "Lỗi trạng thái văn bản"
            $0.description_p = "Trạng thái không được cập nhật."
        }
        edit(&request)
        return request
    }
}

extension TicketRequestRulesTests {
    @Test(
        "refused: another member's or an auditor's attachment, a MEMBER_USER's acknowledgement, a member's assignee filter, another member's notices"
    )
    func refusedCallers() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("kiemtra.g22", of: Self.sender, roles: [.auditor])
            try await platform.createAccount("clerk.g22", of: Self.sender, roles: [.memberUser])
            try await platform.createAccount("admin.g22", of: Self.sender, roles: [.memberAdmin])
            let auditor = try await platform.login("kiemtra.g22").token
            let clerk = try await platform.login("clerk.g22").token
            let admin = try await platform.login("admin.g22").token
            try await platform.withTicket { ticket in
                let opened = try await TicketWorkTests.open(ticket)
                func attach(as caller: TicketTestService.Caller) async -> RPCError? {
                    await rpcError {
                        _ = try await ticket.call(as: caller) {
                            try await $0.addAttachment(
                                .with {
                                    $0.ticketID = opened.ticketID
                                    $0.fileName = "server.log"
                                    $0.mediaType = "text/plain"
                                    $0.content = Data("ERROR TLS handshake failed\n".utf8)
                                })
                        }
                    }
                }
                #expect(await attach(as: .member(Self.recipient))?.code == .notFound, "another member's ticket")
                #expect(await attach(as: .member(Self.sender, token: auditor))?.code == .permissionDenied)
                #expect(await attach(as: .member(Self.sender, token: clerk)) == nil, "a MEMBER_USER attaches")

                let assigneeFilter = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.listTickets(.with { $0.assignee = "hotro.nguyen" })
                    }
                }
                #expect(assigneeFilter?.code == .permissionDenied)
                let othersNotices = await rpcError {
                    _ = try await ticket.call(as: .member(Self.sender)) {
                        try await $0.listNotices(.with { $0.organisationID = Self.recipient.organisationID })
                    }
                }
                #expect(othersNotices?.code == .permissionDenied)

                let demand = try await ticket.call(as: .operator) {
                    try await $0.sendNotice(
                        .with {
                            $0.kind = .remediationDemand
                            $0.organisationID = Self.sender.organisationID
                            $0.subject = "Yêu cầu khắc phục hạ tầng kết nối"
                            $0.body = "Máy chủ bảo mật chưa đáp ứng yêu cầu về an toàn truyền dẫn (Điều 9.4)."
                            $0.dueTime = Google_Protobuf_Timestamp(date: ticket.clock.now.addingTimeInterval(86400))
                        })
                }
                for (who, token) in [("MEMBER_USER", clerk), ("AUDITOR", auditor)] {
                    let refused = await rpcError {
                        _ = try await ticket.call(as: .member(Self.sender, token: token)) {
                            try await $0.acknowledgeNotice(.with { $0.noticeID = demand.noticeID })
                        }
                    }
                    #expect(refused?.code == .permissionDenied, "\(who)")
                }
                let acknowledged = try await ticket.call(as: .member(Self.sender, token: admin)) {
                    try await $0.acknowledgeNotice(.with { $0.noticeID = demand.noticeID })
                }
                #expect(acknowledged.acknowledgedBy.kind == .account)
                #expect(acknowledged.acknowledgedBy.name == "admin.g22", "the person who took note")
            }
        }
    }

    @Test("the operator enters a ticket from the official e-mail, dated when the message came in")
    func emailIntake() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                let written = ticket.clock.now.addingTimeInterval(-2 * 3600)
                let entered = try await ticket.call(as: .operator) {
                    try await $0.openTicket(
                        .with {
                            $0.organisationID = Self.recipient.organisationID
                            $0.category = .providedService
                            $0.channel = .email
                            $0.subject = "Không tra cứu được trạng thái văn bản"
                            $0.description_p = "Thư gửi hộp thư điện tử chính thức của đơn vị vận hành lúc 7 giờ."
                            $0.reportedBy = "vanthu@hanoi.gov.vn"
                            $0.receiveTime = Google_Protobuf_Timestamp(date: written)
                        })
                }
                #expect(entered.channel == .email)
                #expect(entered.organisationID == Self.recipient.organisationID)
                // A member's channel (API) or Monitoring's is not the operator's; no channel at all is a bad request.
                for (channel, code) in [
                    (Vdxp_Ticket_V1_IntakeChannel.api, RPCError.Code.permissionDenied),
                    (.monitoring, .permissionDenied),
                    (.unspecified, .invalidArgument),
                ] {
                    let refused = await rpcError {
                        _ = try await ticket.call(as: .operator) {
                            try await $0.openTicket(
                                .with {
                                    $0.organisationID = Self.recipient.organisationID
                                    $0.category = .providedService
                                    $0.channel = channel
                                    $0.subject = "Không tra cứu được trạng thái văn bản"
                                    $0.description_p = "Gọi đường dây nóng."
                                    $0.reportedBy = "vanthu@hanoi.gov.vn"
                                })
                        }
                    }
                    #expect(refused?.code == code, "\(channel)")
                }
                #expect(entered.openedBy.kind == .operator)
                #expect(entered.reportedBy == "vanthu@hanoi.gov.vn")
                #expect(entered.receiveTime.seconds == Int64(written.timeIntervalSince1970))
                #expect(entered.sla.dueTime.seconds == entered.receiveTime.seconds + 24 * 3600, "from the e-mail")

                let seen = try await ticket.call(as: .member(Self.recipient)) { try await $0.listTickets(.init()) }
                #expect(seen.tickets.map(\.channel) == [.email], "the member sees its ticket and how it came in")
                let alerts = try await ticket.outbox().map(\.alert)
                #expect(alerts.map(\.idempotencyKey) == ["ticket/\(entered.ticketID)/opened"])
                #expect(alerts.first?.organisationID == Self.recipient.organisationID)
            }
        }
    }

    @Test("AnnounceMaintenance is UNAVAILABLE while Ticket holds no global configuration: no calendar to count on")
    func announceWithoutConfiguration() async throws {
        try await TestPlatform.with { platform in
            // A Ticket replica cut off from Central since it started: it never received the configuration.
            let host = ServiceHost(
                definition: TicketService.definition,
                configuration: try TestPlatform.configuration(
                    "ticket", identity: "ticket", pki: platform.pki, databaseURL: platform.databaseURL,
                    central: HostAndPort(host: "127.0.0.1", port: 1), extra: [:]),
                logger: platform.logger)
            let task = Task { try await host.run() }
            let outcome: Result<Void, any Error>
            do {
                let address = try await host.addresses().grpc
                let paths = platform.pki.operators["admin"]!
                let start = Date().addingTimeInterval(30 * 86400)
                let refused = await rpcError {
                    _ = try await PlatformClient(
                        address: address, certificatePath: paths.certificate, keyPath: paths.key,
                        platformCAPath: platform.pki.platformCA
                    ).ticket {
                        try await $0.announceMaintenance(
                            .with {
                                $0.title = "Nâng cấp cơ sở dữ liệu Trục liên thông"
                                $0.description_p = "Trục dừng nhận và giao văn bản."
                                $0.startTime = Google_Protobuf_Timestamp(date: start)
                                $0.endTime = Google_Protobuf_Timestamp(date: start.addingTimeInterval(4 * 3600))
                            })
                    }
                }
                #expect(refused?.code == .unavailable)
                #expect(refused?.message.contains("global configuration") == true, "it says why and to retry")
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try await TestPlatform.stop([host], running: [task])
            try outcome.get()
        }
    }
}
