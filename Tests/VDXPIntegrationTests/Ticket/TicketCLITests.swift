import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// `vdxp ticket …` as a person runs it: the built `vdxp` binary, as a separate process, against a real Ticket on a
/// throwaway platform, through a cluster file like the one `vdxp dev up` writes.
@Suite("vdxp ticket commands against a real Ticket", .serialized)
struct TicketCLITests {
    /// Runs `vdxp` with `arguments` and the cluster file; returns its exit status and what it printed, less the
    /// `request id: …` line a command that makes something prints to standard error before its call
    /// (`TicketRequestIDCLITests` reads that one).
    static func vdxp(_ arguments: [String], cluster: String) async throws -> (status: Int32, output: String) {
        let (status, output) = try await BuiltTool.vdxp(arguments + ["--cluster", cluster])
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return (status, lines.filter { !$0.hasPrefix("request id: ") }.joined(separator: "\n"))
    }

    /// Writes a cluster file naming `ticket` in a fresh folder, runs `body` with the folder and the file's path, and
    /// removes the folder.
    static func withCluster(
        _ platform: TestPlatform, _ ticket: TicketTestService, _ body: (URL, String) async throws -> Void
    ) async throws {
        try await BuiltTool.withClusterFile(
            services: ["ticket": ticket.address.description], pki: platform.pki, databaseURL: platform.databaseURL,
            body)
    }

    /// The JSON object `vdxp … --json` (or a command that always prints JSON) printed.
    static func object(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    }

    @Test("open, list, show, comment, state, events, figures, maintenance and notices work from the command line")
    func everySubcommand() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                try await Self.withCluster(platform, ticket) { _, path in
                    let member = TestPlatform.sender.organisationID

                    func run(_ arguments: String...) async throws -> String {
                        let (status, output) = try await Self.vdxp(["ticket"] + arguments, cluster: path)
                        #expect(status == 0, "vdxp ticket \(arguments.joined(separator: " ")): \(output)")
                        return output
                    }

                    let opened = try await run(
                        "open", "--as", member, "--category", "provided_service", "--subject",
                        "Không nhận được văn bản",
                        "--description", "Từ 8 giờ sáng nay")
                    let ticketID = String(opened.split(separator: " ").first ?? "")
                    #expect(ticketID.hasPrefix("TK-"), "\(opened)")
                    #expect(try await run("list").contains(ticketID))
                    #expect(try await run("list", "--as", member).contains(ticketID))
                    #expect(try await run("show", ticketID).contains("new"))
                    let comment = try await run("comment", ticketID, "Đã tiếp nhận")
                    #expect(comment.contains("commented") && comment.contains("Đã tiếp nhận"), "as text: \(comment)")
                    #expect(try await run("state", ticketID, "acknowledged").contains("acknowledged"))
                    let events = try await run("events", ticketID)
                    #expect(events.contains("opened") && events.contains("commented"), "\(events)")
                    let today = CalendarDate(ticket.clock.now)
                    let figures = try await run(
                        "figures", "--from", today.addingDays(-1).iso8601, "--to", today.addingDays(2).iso8601)
                    #expect(figures.contains(member), "a day is accepted as a time: \(figures)")
                    #expect(figures.hasPrefix("member  category  received"), "a table, not JSON: \(figures)")

                    // A stop 20 days ahead, listed for the member as a line.
                    let start = ticket.clock.now.addingTimeInterval(20 * 86400)
                    let formatter = ISO8601DateFormatter()
                    let announced = try await run(
                        "maintenance", "announce", "--title", "Nâng cấp CSDL", "--description", "Dừng 4 giờ",
                        "--start", formatter.string(from: start),
                        "--end", formatter.string(from: start.addingTimeInterval(4 * 3600)))
                    #expect(announced.hasPrefix("MW-") && announced.contains("scheduled"), "as text: \(announced)")
                    let windows = try await run("maintenance", "list", "--as", member)
                    #expect(windows.contains("MW-") && windows.contains("scheduled"), "\(windows)")

                    let sent = try await run(
                        "notice", "send", "--kind", "security_update", "--subject", "Bản vá 2.3.1", "--body",
                        "Cập nhật trước hạn", "--due", formatter.string(from: start))
                    #expect(sent.hasPrefix("NT-") && sent.contains("all members"), "as text: \(sent)")
                    let notices = try await run("notice", "list", "--as", member)
                    #expect(notices.contains("NT-") && notices.contains("all members"), "\(notices)")

                    // A mistake a person makes gets a message and a failing status, not a trace.
                    let (status, output) = try await Self.vdxp(
                        ["ticket", "state", ticketID, "finished"], cluster: path)
                    #expect(status != 0)
                    #expect(output.contains("unknown value finished"), "\(output)")
                }
            }
        }
    }
}

extension TicketCLITests {
    @Test(
        "assign, priority, attach (open and resolved, not closed), lost, maintenance cancel and notice ack, with --token-file naming the person"
    )
    func operatorAndPersonCommands() async throws {
        try await TestPlatform.with { platform in
            try await platform.createAccount("admin.g22", of: TestPlatform.sender, roles: [.memberAdmin])
            try await platform.createAccount("clerk.g22", of: TestPlatform.sender, roles: [.memberUser])
            let admin = try await platform.login("admin.g22").token
            let clerk = try await platform.login("clerk.g22").token
            try await platform.withTicket { ticket in
                try await Self.withCluster(platform, ticket) { directory, path in
                    let member = TestPlatform.sender.organisationID
                    func run(_ arguments: String...) async throws -> String {
                        let (status, output) = try await Self.vdxp(["ticket"] + arguments, cluster: path)
                        #expect(status == 0, "vdxp ticket \(arguments.joined(separator: " ")): \(output)")
                        return output
                    }
                    // The tokens in files, as a person keeps them off the command line (`ps` shows --token).
                    let clerkFile = directory.appendingPathComponent("clerk.token").path
                    let adminFile = directory.appendingPathComponent("admin.token").path
                    try Data((clerk + "\n").utf8).write(to: URL(fileURLWithPath: clerkFile))
                    try Data((admin + "\n").utf8).write(to: URL(fileURLWithPath: adminFile))

                    // A clerk signed in (--token-file): the history names the person, not the member's system.
                    let opened = try Self.object(
                        try await run(
                            "open", "--as", member, "--token-file", clerkFile, "--json", "--category", "connection",
                            "--subject", "Máy chủ bảo mật không bắt tay TLS", "--description", "Lỗi từ 7 giờ"))
                    let ticketID = try #require(opened["ticket_id"] as? String)
                    #expect((opened["opened_by"] as? [String: Any])?["name"] as? String == "clerk.g22")

                    let assigned = try Self.object(try await run("assign", ticketID, "hotro.nguyen", "--json"))
                    #expect(assigned["assignee"] as? String == "hotro.nguyen")
                    #expect(try await run("priority", ticketID, "urgent").contains("urgent"))

                    let log = directory.appendingPathComponent("server.log")
                    try Data("2026-11-02 08:00:01 ERROR TLS handshake failed\n".utf8).write(to: log)
                    let attached = try Self.object(
                        try await run(
                            "attach", ticketID, log.path, "--media-type", "text/plain", "--as", member, "--token-file",
                            clerkFile, "--json"))
                    #expect(attached["file_name"] as? String == "server.log")
                    #expect((attached["added_by"] as? [String: Any])?["name"] as? String == "clerk.g22")

                    // Resolved, the ticket still takes the member's evidence that the difficulty persists.
                    _ = try await run("state", ticketID, "resolved", "--text", "Đã gia hạn chứng thư số")
                    let second = try await run("attach", ticketID, log.path, "--as", member)
                    #expect(second.hasPrefix("attachment ") && second.contains("server.log"), "as text: \(second)")
                    _ = try await run("state", ticketID, "closed", "--as", member, "--token-file", clerkFile)
                    let (status, output) = try await Self.vdxp(
                        ["ticket", "attach", ticketID, log.path, "--as", member], cluster: path)
                    #expect(status != 0, "a CLOSED ticket takes no attachment")
                    #expect(output.contains("CLOSED"), "\(output)")
                    let events = try await run("events", ticketID)
                    #expect(events.contains("assigned") && events.contains("priority_changed"), "\(events)")
                    #expect(events.components(separatedBy: "attachment_added").count == 3, "two attachments")

                    // A notice acknowledged by the member's administrator, signed in.
                    let due = ISO8601DateFormatter().string(from: ticket.clock.now.addingTimeInterval(30 * 86400))
                    let notice = try Self.object(
                        try await run(
                            "notice", "send", "--kind", "remediation_demand", "--member", member, "--subject",
                            "Yêu cầu khắc phục", "--body", "Máy chủ bảo mật chưa đáp ứng (Điều 9.4).", "--due", due,
                            "--json"))
                    let noticeID = try #require(notice["notice_id"] as? String)
                    let acknowledged = try Self.object(
                        try await run("notice", "ack", noticeID, "--as", member, "--token-file", adminFile, "--json"))
                    #expect((acknowledged["acknowledged_by"] as? [String: Any])?["name"] as? String == "admin.g22")
                    #expect(try await run("notice", "list", "--as", member, "--pending").isEmpty)

                    // A window announced and called off.
                    let start = ticket.clock.now.addingTimeInterval(20 * 86400)
                    let window = try Self.object(
                        try await run(
                            "maintenance", "announce", "--title", "Nâng cấp CSDL", "--description", "Dừng 4 giờ",
                            "--start", ISO8601DateFormatter().string(from: start),
                            "--end", ISO8601DateFormatter().string(from: start.addingTimeInterval(4 * 3600)), "--json"))
                    let windowID = try #require(window["window_id"] as? String)
                    let cancelled = try Self.object(
                        try await run("maintenance", "cancel", windowID, "--reason", "Dời lịch", "--json"))
                    #expect(cancelled["state"] as? String == "MAINTENANCE_STATE_CANCELLED")
                    #expect(cancelled["cancel_reason"] as? String == "Dời lịch")

                    // The administrator reports the clerk's credentials stolen: the account is locked in Central.
                    let lost = try Self.object(
                        try await run(
                            "lost", "clerk.g22", "--as", member, "--token-file", adminFile, "--description",
                            "Máy tính xách tay bị mất cắp", "--json"))
                    #expect(lost["account_locked"] as? Bool == true)
                    let account = try await platform.accounts {
                        try await $0.getAccount(.with { $0.username = "clerk.g22" })
                    }
                    #expect(account.state == .locked)
                }
            }
        }
    }
}
