import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `vdxp monitor …`, `vdxp alerts …` and `vdxp mail …` as a person runs them: the built `vdxp` binary, as a separate
/// process, against a real Monitoring on a throwaway platform, through a cluster file like the one `vdxp dev up`
/// writes; `vdxp mail` reads what a real relay and gateway kept in a folder laid out as `.vdxp/dev` is.
@Suite("vdxp monitor, alerts and mail commands against a real Monitoring", .serialized, .timeLimit(.minutes(10)))
struct MonitoringCLITests {
    static let recipient = TestPlatform.recipient.organisationID
    static let sender = TestPlatform.sender.organisationID

    /// Writes a cluster file naming `monitoring` at `address` into `directory`; returns its path.
    static func clusterFile(_ platform: TestPlatform, monitoring address: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("cluster.json").path
        try BuiltTool.writeClusterFile(
            at: path, services: ["monitoring": address], pki: platform.pki, databaseURL: platform.databaseURL)
        return path
    }

    /// Runs `vdxp` with `arguments` alone (no cluster file); returns its exit status and what it printed.
    static func vdxp(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await BuiltTool.vdxp(arguments)
    }

    /// A fresh temporary folder, removed by `body`'s caller.
    static func temporaryFolder(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test(
        "monitor connections (every page), connection, heartbeat and history, and alerts list with the operator's member filter and paging, work from the command line"
    )
    func monitorAndAlerts() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                let directory = try Self.temporaryFolder("vdxp-monitor-cli")
                defer { try? FileManager.default.removeItem(at: directory) }
                let cluster = try Self.clusterFile(
                    platform, monitoring: monitoring.address.description, in: directory)

                func run(_ arguments: String...) async throws -> String {
                    let (status, output) = try await TicketCLITests.vdxp(arguments, cluster: cluster)
                    #expect(status == 0, "vdxp \(arguments.joined(separator: " ")): \(output)")
                    return output
                }
                func lines(_ output: String, naming member: String) -> [Substring] {
                    output.split(separator: "\n").filter { $0.contains(member) }
                }

                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                // One member per call: the list is read to its last page, each member once.
                let connections = try await run("monitor", "connections", "--page-size", "1")
                for member in [Self.recipient, Self.sender] {
                    #expect(lines(connections, naming: member).count == 1, "\(connections)")
                }
                #expect(connections.split(separator: "\n").count == 3, "\(connections)")

                // The recipient's system beats; the member reads its own connection, not another's.
                let beat = try await run("monitor", "heartbeat", "--as", Self.recipient, "--system", "cli-test 1.0")
                #expect(beat.contains(Self.recipient) && beat.contains("connected"), "\(beat)")
                let own = try await run("monitor", "connection", Self.recipient, "--as", Self.recipient)
                #expect(own.contains("cli-test 1.0") && own.contains("connected"), "\(own)")
                let (refusedStatus, refused) = try await TicketCLITests.vdxp(
                    ["monitor", "connection", Self.sender, "--as", Self.recipient], cluster: cluster)
                #expect(refusedStatus != 0, "another member's connection: \(refused)")

                // Ten minutes of silence: every member's connection is lost; the sender's system comes back.
                clock.advance(by: 11 * 60)
                try await TestMonitoring.eventually("every member's connection is lost") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts.filter { $0.kind == .connectionLost }.count == 3
                    }
                }
                _ = try await run("monitor", "heartbeat", "--as", Self.sender)
                try await TestMonitoring.eventually("the sender's connection is restored") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts.contains { $0.kind == .connectionRestored }
                    }
                }
                let disconnected = try await run("monitor", "connections", "--state", "disconnected")
                #expect(lines(disconnected, naming: Self.recipient).count == 1, "\(disconnected)")
                #expect(lines(disconnected, naming: Self.sender).isEmpty, "\(disconnected)")
                let (badState, badStateOutput) = try await TicketCLITests.vdxp(
                    ["monitor", "connections", "--state", "gone"], cluster: cluster)
                #expect(badState != 0)
                #expect(badStateOutput.contains("unknown value gone"), "\(badStateOutput)")

                // The history: the operator's of every member, one member's, and a member's own.
                let history = try await run("monitor", "history")
                #expect(history.contains("disconnected"), "\(history)")
                for member in [Self.recipient, Self.sender] {
                    #expect(!lines(history, naming: member).isEmpty, "\(history)")
                }
                let senders = try await run("monitor", "history", "--organisation", Self.sender)
                #expect(lines(senders, naming: Self.recipient).isEmpty, "\(senders)")
                #expect(lines(senders, naming: Self.sender).count >= 2, "lost, then back: \(senders)")
                let ownHistory = try await run("monitor", "history", "--as", Self.recipient)
                #expect(lines(ownHistory, naming: Self.sender).isEmpty, "\(ownHistory)")
                #expect(!lines(ownHistory, naming: Self.recipient).isEmpty, "\(ownHistory)")
                let nothing = try await run("monitor", "history", "--from", "2001-01-01", "--to", "2001-01-02")
                #expect(nothing.contains("no connection changes"), "\(nothing)")

                // The operator's filter on one member, read one alert per call: the sender's loss and restore,
                // no one else's; --limit keeps the newest and says older ones remain.
                let sendersAlerts = try await run(
                    "alerts", "list", "--organisation", Self.sender, "--page-size", "1", "--limit", "50")
                let alertLines = sendersAlerts.split(separator: "\n").filter { $0.first?.isNumber == true }
                #expect(alertLines.count == 2, "\(sendersAlerts)")
                #expect(alertLines.allSatisfy { $0.contains(Self.sender) }, "\(sendersAlerts)")
                #expect(alertLines.first?.contains("connectionRestored") == true, "newest first: \(sendersAlerts)")
                #expect(alertLines.last?.contains("connectionLost") == true, "\(sendersAlerts)")
                let newest = try await run(
                    "alerts", "list", "--organisation", Self.sender, "--page-size", "1", "--limit", "1")
                #expect(newest.contains("connectionRestored") && !newest.contains("connectionLost"), "\(newest)")
                #expect(newest.contains("showing the first 1; give --limit to see more"), "\(newest)")
                let (mixed, mixedOutput) = try await TicketCLITests.vdxp(
                    ["alerts", "list", "--organisation", Self.sender, "--as", Self.recipient], cluster: cluster)
                #expect(mixed != 0)
                #expect(mixedOutput.contains("--organisation"), "\(mixedOutput)")
                let inbox = try await run("alerts", "list", "--as", Self.recipient)
                #expect(!inbox.contains(Self.sender), "a member reads its own inbox only: \(inbox)")
            }
        }
    }

    @Test(
        "vdxp mail sinks start runs the dev relay and gateway; Monitoring, on the settings it prints, delivers there; vdxp mail list and show read them"
    )
    func mailSinksListAndShow() async throws {
        let directory = try Self.temporaryFolder("vdxp-mail-cli")
        let dev = directory.path
        defer {
            // Whatever happens, the sinks this test started are stopped (their ids are in <dev>/pids).
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dev + "/pids")) ?? [] {
                if let text = try? String(contentsOfFile: dev + "/pids/" + name, encoding: .utf8),
                    let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
                {
                    kill(pid, SIGKILL)
                }
            }
            try? FileManager.default.removeItem(at: directory)
        }
        func mail(_ arguments: String...) async throws -> (status: Int32, output: String) {
            try await Self.vdxp(["mail"] + arguments + ["--directory", dev])
        }

        let empty = try await mail("list")
        #expect(empty.status == 0)
        #expect(empty.output.contains("no e-mail or SMS received yet"), "\(empty.output)")

        let (smtpPort, smsPort) = (try ChannelFixtures.closedPort(), try ChannelFixtures.closedPort())
        let started = try await mail(
            "sinks", "start", "--smtp-port", "\(smtpPort)", "--sms-port", "\(smsPort)", "--json")
        try #require(started.status == 0, "\(started.output)")
        let settings = try #require(
            try JSONSerialization.jsonObject(with: Data(started.output.utf8)) as? [String: String], "\(started.output)")
        #expect(settings["VDXP_MONITORING_SMTP_URL"] == "smtp://127.0.0.1:\(smtpPort)")
        #expect(settings["VDXP_MONITORING_SMS_GATEWAY_URL"] == "http://127.0.0.1:\(smsPort)/sms")

        try await TestPlatform.with { platform in
            let clock = ManualClock()
            let channels = try MonitoringChannels.configured(
                by: Settings(settings), clock: clock.wallClock, logger: platform.logger)
            try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                // Ticket's answer to the recipient, by e-mail and SMS.
                let raised = try await monitoring.service("ticket").monitoring {
                    try await $0.submitAlert(
                        .with {
                            $0.idempotencyKey = "ticket/TK-2026-000042/answered"
                            $0.kind = .supportTicket
                            $0.severity = .info
                            $0.organisationID = Self.recipient
                            $0.channels = [.email, .sms]
                            $0.summary = "Yêu cầu TK-2026-000042 đã được trả lời"
                            $0.detail = "Đơn vị vận hành đã trả lời yêu cầu hỗ trợ TK-2026-000042."
                            $0.reference = "TK-2026-000042"
                        })
                }
                try await TestMonitoring.eventually("the e-mail and the SMS are SENT") {
                    let alert = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts.first { $0.alertID == raised.alertID }
                    }
                    return alert?.notifications.count == 2
                        && alert?.notifications.allSatisfy { $0.state == .sent } == true
                }
            }
        }

        let listed = try await mail("list")
        #expect(listed.status == 0)
        let lines = listed.output.split(separator: "\n")
        #expect(lines.count == 2, "\(listed.output)")
        #expect(lines.contains { $0.contains("e-mail to vanthu@") && $0.contains("TK-2026-000042") })
        #expect(lines.contains { $0.contains("SMS to +842400000000") })
        let number = try #require(lines.first { $0.contains("e-mail") }?.split(separator: ".").first)
        let shown = try await mail("show", String(number))
        #expect(shown.status == 0)
        #expect(shown.output.contains("Message-ID: <") && shown.output.contains("@vdxp.test>"), "\(shown.output)")
        #expect(shown.output.contains("đã trả lời yêu cầu hỗ trợ TK-2026-000042"), "\(shown.output)")
        let json = try await mail("list", "--json")
        let records = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(records?.count == 2)
        let missing = try await mail("show", "9")
        #expect(missing.status != 0)
        #expect(missing.output.contains("no message 9: 2 received"), "\(missing.output)")
        // A service of `vdxp dev up` recorded in the same folder is not the sinks' to stop.
        let service = try ChildProcess.start("/bin/sleep", arguments: ["300"])
        try String(service.processIdentifier).write(toFile: dev + "/pids/central", atomically: true, encoding: .utf8)
        let stopped = try await mail("sinks", "stop")
        #expect(stopped.output.contains("stopped 2 processes"), "\(stopped.output)")
        #expect(kill(service.processIdentifier, 0) == 0, "vdxp mail sinks stop left the dev service running")
    }
}
