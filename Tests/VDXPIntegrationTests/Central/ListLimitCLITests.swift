import Foundation
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPLocalCluster
import VDXPRuntime
import VDXPStore

/// A list `vdxp` prints reads every page the service answers, up to `--limit` (default 1000), and never stops short
/// without saying so on standard error.
@Suite("vdxp lists: every page up to --limit, and a notice when more remain", .serialized)
struct ListLimitCLITests {
    /// Runs the built `vdxp` with `arguments` and the cluster file; standard output and error apart.
    static func vdxp(
        _ arguments: [String], cluster: String
    ) async throws -> (status: Int32, output: String, errors: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("vdxp")
        let completed = try await ChildProcess.run(
            binary.path, arguments: arguments + ["--cluster", cluster], errors: .separate)
        return (completed.termination.code, completed.standardOutput, completed.standardError)
    }

    @Test("org audit shows exactly --limit events and says so on stderr when more remain; past 200 without a limit")
    func auditLimit() async throws {
        try await TestPlatform.with { platform in
            // 250 audit events: more than one page of the 200 the command once asked for and then stopped at.
            try await platform.database { database in
                _ = try await database.query(
                    """
                    INSERT INTO central.audit_log (actor, action, target, reason)
                    SELECT 'operator', 'update_member_contact', 'LIMIT-' || n, 'lần ' || n
                    FROM generate_series(1, 250) AS n
                    """, logger: platform.logger
                ).collect()
            }
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let cut = try await Self.vdxp(["org", "audit", "--target", "LIMIT-", "--limit", "7"], cluster: cluster)
                #expect(cut.status == 0, "\(cut.errors)")
                let lines = cut.output.split(separator: "\n")
                #expect(lines.count == 7, "\(cut.output)")
                #expect(lines.allSatisfy { $0.contains("+07:00") && $0.contains("LIMIT-") }, "\(cut.output)")
                #expect(cut.errors.contains("showing the first 7; give --limit to see more"), "\(cut.errors)")

                let json = try await Self.vdxp(
                    ["org", "audit", "--target", "LIMIT-", "--limit", "7", "--json"], cluster: cluster)
                #expect(json.output.components(separatedBy: "\"LIMIT-").count - 1 == 7, "\(json.output)")
                #expect(json.errors.contains("showing the first 7"), "not silent for a script either: \(json.errors)")

                let all = try await Self.vdxp(["org", "audit", "--target", "LIMIT-"], cluster: cluster)
                #expect(all.output.split(separator: "\n").count == 250, "every page, not the first 200")
                #expect(!all.errors.contains("showing the first"), "\(all.errors)")

                let exact = try await Self.vdxp(
                    ["org", "audit", "--target", "LIMIT-", "--limit", "250"], cluster: cluster)
                #expect(exact.output.split(separator: "\n").count == 250)
                #expect(!exact.errors.contains("showing the first"), "a limit the list just fills: \(exact.errors)")
            }
        }
    }

    @Test("ticket list, events, maintenance and notice lists stop at --limit and say so on stderr")
    func ticketLimits() async throws {
        try await TestPlatform.with { platform in
            try await platform.withTicket { ticket in
                try await TicketCLITests.withCluster(platform, ticket) { _, path in
                    let member = TestPlatform.sender.organisationID
                    func run(_ arguments: String...) async throws -> (output: String, errors: String) {
                        let (status, output, errors) = try await Self.vdxp(["ticket"] + arguments, cluster: path)
                        #expect(status == 0, "vdxp ticket \(arguments.joined(separator: " ")): \(errors)")
                        return (output, errors)
                    }
                    var ticketID = ""
                    for n in 1...3 {
                        let opened = try await run(
                            "open", "--as", member, "--category", "provided_service", "--subject", "Sự cố \(n)",
                            "--description", "Lần \(n)")
                        ticketID = String(opened.output.split(separator: " ").first ?? "")
                    }
                    _ = try await run("comment", ticketID, "Đã tiếp nhận")

                    let cut = try await run("list", "--limit", "2")
                    #expect(cut.output.split(separator: "\n").count == 2, "\(cut.output)")
                    #expect(cut.errors.contains("showing the first 2; give --limit to see more"), "\(cut.errors)")
                    let full = try await run("list", "--limit", "3")
                    #expect(full.output.split(separator: "\n").count == 3, "\(full.output)")
                    #expect(!full.errors.contains("showing the first"), "\(full.errors)")

                    let events = try await run("events", ticketID, "--limit", "1")
                    #expect(events.output.split(separator: "\n").count == 1, "\(events.output)")
                    #expect(events.errors.contains("showing the first 1; give --limit"), "\(events.errors)")

                    let start = ticket.clock.now.addingTimeInterval(20 * 86400)
                    let utc = ISO8601DateFormatter()
                    for n in 1...2 {
                        let from = start.addingTimeInterval(Double(n) * 86400)
                        _ = try await run(
                            "maintenance", "announce", "--title", "Bảo trì \(n)", "--description", "Dừng",
                            "--start", utc.string(from: from), "--end", utc.string(from: from.addingTimeInterval(3600)))
                        _ = try await run(
                            "notice", "send", "--kind", "security_update", "--subject", "Bản vá \(n)", "--body",
                            "Cập nhật", "--due", utc.string(from: start))
                    }
                    let windows = try await run("maintenance", "list", "--limit", "1")
                    #expect(windows.output.split(separator: "\n").count == 1, "\(windows.output)")
                    #expect(windows.errors.contains("showing the first 1"), "\(windows.errors)")
                    let notices = try await run("notice", "list", "--limit", "1")
                    #expect(notices.output.split(separator: "\n").count == 1, "\(notices.output)")
                    #expect(notices.errors.contains("showing the first 1"), "\(notices.errors)")
                }
            }
        }
    }

    @Test("documents stops at --limit and says on stderr when more remain; not when the list just fills it")
    func documentsLimit() async throws {
        try await TestPlatform.with { platform in
            for number in ["2101", "2102", "2103"] {
                try await platform.sendDocument(TestPlatform.header(number: number))
            }
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("vdxp-list-limit-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let cluster = directory.appendingPathComponent("cluster.json").path
            try BuiltTool.writeClusterFile(
                at: cluster, services: ["exchange": platform.exchange.description], pki: platform.pki,
                databaseURL: platform.databaseURL)
            let sender = TestPlatform.sender.organisationID
            func documents(_ arguments: String...) async throws -> (documents: Int, errors: String) {
                let (status, output, errors) = try await Self.vdxp(
                    ["documents", "--as", sender] + arguments, cluster: cluster)
                #expect(status == 0, "\(errors)")
                let lines = output.split(separator: "\n").filter { !$0.hasPrefix(" ") }
                #expect(lines.allSatisfy { $0.contains("+07:00") }, "\(output)")
                return (lines.count, errors)
            }

            let cut = try await documents("--limit", "2")
            #expect(cut.documents == 2)
            #expect(cut.errors.contains("showing the first 2; give --limit to see more"), "\(cut.errors)")
            let all = try await documents("--limit", "3")
            #expect(all.documents == 3)
            #expect(!all.errors.contains("showing the first"), "\(all.errors)")
        }
    }
}
