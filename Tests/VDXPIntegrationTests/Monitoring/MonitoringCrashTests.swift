import Foundation
import GRPCCore
import Synchronization
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Monitoring killed with SIGKILL — no graceful stop, no chance to record anything — at the two places where a crash
/// could lose or duplicate a notice: after a lost connection is raised but before its e-mails and SMS are enqueued,
/// and while the dispatcher holds a claimed (leased) e-mail that the relay has already kept but not yet answered, the
/// other e-mails enqueued behind it. After a restart every notice is delivered, and a notice is sent at most once more, with the same
/// Message-ID, so a recipient's mail system can tell it is the same message: delivery is at-least-once with an
/// idempotent Message-ID (and SMS reference), as docs/operations.md §5.5 says, not exactly-once.
///
/// Monitoring runs here as its own process, the built `vdxp-monitoring`, on the real clock: a member is lost after
/// 12 s of silence, and a claimed notification is taken again once its lease (120 s here) has run out.
@Suite("Monitoring: killed mid-way, nothing is lost", .serialized, .timeLimit(.minutes(10)))
struct MonitoringCrashTests {
    /// One `vdxp-monitoring` process.
    final class MonitoringProcess: Sendable {
        let address: HostAndPort
        let log: String
        private let process: Mutex<ChildProcess?>

        /// Starts the built `vdxp-monitoring` for `platform`, reaching Central at `central`, with `settings`.
        init(platform: TestPlatform, central: HostAndPort, log: String, settings: [String: String]) throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("vdxp-monitoring")
            guard FileManager.default.isExecutableFile(atPath: binary.path) else {
                throw TestPlatformError("build vdxp-monitoring first (swift build)")
            }
            let port = try LoopbackPorts.freeOutsideEphemeralRange()
            let pki = platform.pki
            // What TestPlatform.configuration gives an in-process service, as the environment of a process.
            var values = [
                "VDXP_GRPC_ADDRESS": "127.0.0.1:\(port)", "VDXP_HEALTH_ADDRESS": "127.0.0.1:0",
                "VDXP_METRICS_ADDRESS": "127.0.0.1:0", "VDXP_PUBLIC_ADDRESS": "127.0.0.1:0",
                "VDXP_DATABASE_URL": try TestPlatform.serviceDatabaseURL(platform.databaseURL, service: "monitoring"),
                "VDXP_CENTRAL_ADDRESS": central.description,
                "VDXP_TLS_CERTIFICATE": pki.services["monitoring"]!.certificate,
                "VDXP_TLS_KEY": pki.services["monitoring"]!.key, "VDXP_PLATFORM_CA": pki.platformCA,
                "VDXP_CONFIGURATION_ANCHOR": pki.configurationSigningCertificate,
                "VDXP_DATABASE_MAX_CONNECTIONS": "8",
                "VDXP_LOG_LEVEL": "warning",
            ]
            values["VDXP_EXCHANGE_ADDRESS"] = platform.exchange.description
            values["VDXP_MONITORING_EVALUATE_SECONDS"] = "1"
            values["VDXP_MONITORING_DISPATCH_SECONDS"] = "1"
            values["VDXP_MONITORING_DEGRADED_AFTER_SECONDS"] = "10"
            values["VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS"] = "12"
            values["VDXP_MONITORING_HEARTBEAT_INTERVAL_SECONDS"] = "5"
            // The lease must outlast an SMTP session at its timeouts (13 × 10 s, and 50 s for the message's answer);
            // a step under the whole suite's load can take several seconds.
            values["VDXP_MONITORING_OUTBOX_LEASE_SECONDS"] = "200"
            values["VDXP_MONITORING_SMTP_TIMEOUT_SECONDS"] = "10"
            values.merge(settings) { _, new in new }
            values["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let process = try ChildProcess.start(binary.path, environment: values, output: .file(log))
            self.address = HostAndPort("127.0.0.1:\(port)")!
            self.log = log
            self.process = Mutex(process)
        }

        /// SIGKILL: the process ends at once, whatever it was doing.
        func kill9() {
            process.withLock { $0.take() }?.kill9()
        }

        deinit { kill9() }
    }

    /// The operator's client of the Monitoring process at `address`.
    static func operatorClient(_ platform: TestPlatform, _ address: HostAndPort) -> PlatformClient {
        PlatformClient(
            address: address, certificatePath: platform.pki.operators["admin"]!.certificate,
            keyPath: platform.pki.operators["admin"]!.key, platformCAPath: platform.pki.platformCA)
    }

    /// Every lost connection, with its notifications, as the operator reads them from the process at `address`
    /// (errors while it is starting read as none).
    static func lost(_ platform: TestPlatform, _ address: HostAndPort) async -> [Vdxp_Monitoring_V1_Alert] {
        let alerts = try? await operatorClient(platform, address).monitoring {
            try await $0.listAlerts(.init()).alerts
        }
        return (alerts ?? []).filter { $0.kind == .connectionLost }
    }

    @Test(
        "SIGKILL between a lost connection and its notices, and while notices are leased or already kept by the relay: after the restart each is delivered, at most once more with the same Message-ID"
    )
    func killedMidWay() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("monitoring.log").path
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir", arguments: ["--hold-reply", "600"]) {
            holding in
            try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { relay in
                try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { gateway in
                    try await TestPlatform.with { platform in
                        try await Self.killedMidWay(
                            platform, log: log, holding: holding, relay: relay, gateway: gateway)
                    }
                }
            }
        }
    }

    static func killedMidWay(
        _ platform: TestPlatform, log: String, holding: LocalSink, relay: LocalSink, gateway: LocalSink
    ) async throws {
        func logTail() -> String { String(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(3000)) }

        // 1. Raised, not enqueued: Central (the members' contacts) is cut off once the members are known, so the
        // lost connections are raised and stay due, with no e-mail or SMS yet; then SIGKILL.
        let proxy = try await TCPForwarder(to: platform.central)
        defer { proxy.stop() }
        let first = try MonitoringProcess(
            platform: platform, central: proxy.address, log: log,
            settings: [
                "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(relay.port)",
                "VDXP_MONITORING_SMTP_TLS": "none-loopback-only", "VDXP_MONITORING_SMTP_FROM": "canhbao@vdxp.test",
            ])
        try await TestMonitoring.eventually("the first Monitoring has evaluated every member", within: .seconds(120)) {
            let count = try? await operatorClient(platform, first.address).monitoring {
                try await $0.listMemberConnections(.init()).connections.count
            }
            return count == 3
        }
        proxy.stop()
        try await TestMonitoring.eventually("every member's connection is lost", within: .seconds(60)) {
            await lost(platform, first.address).count == 3
        }
        try await Task.sleep(for: .seconds(3))
        let raised = await lost(platform, first.address)
        #expect(raised.count == 3)
        #expect(raised.allSatisfy { $0.notifications.isEmpty }, "Central unreachable: nothing enqueued yet")
        first.kill9()
        #expect(try relay.received().isEmpty, "\(logTail())")

        // 2. Claimed and leased: Central reachable again, the e-mails enqueued and claimed; the relay keeps the
        // first and holds its answer back, so this Monitoring never records it; SIGKILL while it waits. The SMS
        // channel is not configured: the SMS stay PENDING.
        let second = try MonitoringProcess(
            platform: platform, central: platform.central, log: log,
            settings: [
                "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(holding.port)",
                "VDXP_MONITORING_SMTP_TLS": "none-loopback-only", "VDXP_MONITORING_SMTP_FROM": "canhbao@vdxp.test",
            ])
        // A process started anew (migrations, the configuration, the contacts from Central, a claim): under the whole
        // suite's load this once took more than a minute.
        try await TestMonitoring.eventually("the relay has kept the first e-mail", within: .seconds(180)) {
            try holding.received().count >= 1
        }
        let leased = await lost(platform, second.address)
        second.kill9()
        #expect(leased.count == 3, "no alert raised twice")
        let mail = leased.flatMap(\.notifications).filter { $0.channel == .email }
        #expect(mail.count == 3, "one e-mail per member")
        #expect(mail.allSatisfy { $0.state == .pending && $0.attempts.isEmpty }, "none recorded: \(mail)")
        #expect(leased.flatMap(\.notifications).filter { $0.channel == .sms }.count == 3)
        // The e-mails are delivered concurrently: under load another may reach the holding relay before the SIGKILL.
        let kept = try holding.received()
        let keptIDs = Set(kept.compactMap { $0["message_id"] as? String })
        try #require(!keptIDs.isEmpty)

        // 3. Restarted with a relay that answers and the SMS gateway: every notice is delivered once the lease is
        // over; the e-mail the first relay kept is sent once more, with the same Message-ID.
        let third = try MonitoringProcess(
            platform: platform, central: platform.central, log: log,
            settings: [
                "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(relay.port)",
                "VDXP_MONITORING_SMTP_TLS": "none-loopback-only", "VDXP_MONITORING_SMTP_FROM": "canhbao@vdxp.test",
                "VDXP_MONITORING_SMS_GATEWAY_URL": "http://127.0.0.1:\(gateway.port)/sms",
            ])
        defer { third.kill9() }
        try await TestMonitoring.eventually("every notice is SENT after the lease", within: .seconds(360)) {
            let notifications = await lost(platform, third.address).flatMap(\.notifications)
            return notifications.count == 6 && notifications.allSatisfy { $0.state == .sent }
        }
        try await Task.sleep(for: .seconds(3))
        let mails = try relay.received()
        #expect(mails.count == 3, "each e-mail once at the working relay: \(mails.map { $0["message_id"] ?? "" })")
        let delivered = Set(mails.compactMap { $0["message_id"] as? String })
        #expect(delivered.count == 3)
        #expect(keptIDs.isSubset(of: delivered), "each e-mail kept before the crash is sent again as the same message")
        #expect(try holding.received().count == kept.count, "nothing reached the holding relay after the crash")
        let texts = try gateway.received()
        #expect(texts.count == 3)
        #expect(Set(texts.compactMap { $0["reference"] as? String }).count == 3)
        let alerts = await lost(platform, third.address)
        #expect(alerts.count == 3, "no alert raised again after the restarts")
        #expect(alerts.flatMap(\.notifications).allSatisfy { $0.attempts.count == 1 && $0.attempts[0].accepted })
    }
}
