import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 9.2 and 19.2 with real endpoints: Monitoring delivers through a real SMTP relay (aiosmtpd,
/// `Tests/Sinks/smtp_sink.py`) and a real HTTP SMS gateway (`Tests/Sinks/sms_sink.py`), and the tests read what
/// those servers kept. A member that goes silent is told within 30 minutes, again while it lasts, then of the
/// recovery; a relay or gateway that fails for a while, or is down then up, is retried until it accepts, and each
/// notification arrives once — also with two Monitoring replicas on one outbox.
@Suite("Monitoring: notifications through a real SMTP relay and SMS gateway", .timeLimit(.minutes(10)))
struct MonitoringRealEndpointTests {
    static let recipient = TestPlatform.recipient.organisationID
    static let sender = TestPlatform.sender.organisationID
    /// The recipient's contact as the development seeder registers it in Central.
    static let email = "vanthu@\(recipient.lowercased()).vdxp.test"
    /// The seeded members' shared telephone number, as the gateway receives it (E.164).
    static let phone = "+842400000000"

    /// Channels that deliver to the relay on `mailPort` and the gateway on `smsPort` on loopback.
    static func channels(mailPort: Int, smsPort: Int, platform: TestPlatform, clock: ManualClock) throws
        -> MonitoringChannels
    {
        try MonitoringChannels.configured(
            by: Settings([
                "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(mailPort)",
                "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
                "VDXP_MONITORING_SMTP_FROM": "canhbao@vdxp.test",
                "VDXP_MONITORING_SMS_GATEWAY_URL": "http://127.0.0.1:\(smsPort)/sms",
            ]), clock: clock.wallClock, logger: platform.logger)
    }

    /// The e-mails the relay kept for `address`, oldest first.
    static func mails(_ relay: LocalSink, to address: String) throws -> [[String: Any]] {
        try relay.received().filter { ($0["rcpt_tos"] as? [String] ?? []).contains(address) }
    }

    /// The SMS the gateway kept about `member` (the seeded members share one number; the text names the member).
    static func texts(_ gateway: LocalSink, about member: String) throws -> [[String: Any]] {
        try gateway.received().filter { ($0["text"] as? String)?.contains(member) == true }
    }

    /// The lines of a sink's `refused.log` (one per refused message).
    static func refusals(_ sink: LocalSink) -> [String] {
        let text = (try? String(contentsOfFile: sink.folder + "/refused.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The `Date` header of a kept e-mail (RFC 5322, as Monitoring writes it).
    static func date(of mail: [String: Any]) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return (mail["date"] as? String).flatMap { formatter.date(from: $0) }
    }

    /// Waits until Monitoring has evaluated the three seeded members.
    static func everyMemberEvaluated(_ monitoring: TestMonitoring) async throws {
        try await TestMonitoring.eventually("every member is evaluated") {
            try await monitoring.operatorClient.monitoring {
                try await $0.listMemberConnections(.init()).connections.count == 3
            }
        }
    }

    /// Every alert with its notifications, as the operator reads them.
    static func alerts(_ monitoring: TestMonitoring) async throws -> [Vdxp_Monitoring_V1_Alert] {
        try await monitoring.operatorClient.monitoring { try await $0.listAlerts(.init()).alerts }
    }

    @Test(
        "a member that goes silent is e-mailed and texted through a real relay and gateway within 30 minutes, again while it lasts, then told of the recovery"
    )
    func silentMemberReachesRealRelayAndGateway() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { relay in
            try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { gateway in
                try await TestPlatform.with { platform in
                    let clock = ManualClock()
                    let channels = try Self.channels(
                        mailPort: relay.port, smsPort: gateway.port, platform: platform, clock: clock)
                    // Lost after 20 minutes of silence; the notice repeated every 5 minutes while it lasts.
                    let settings = [
                        "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600",
                        "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "1200",
                        "VDXP_MONITORING_NOTIFY_REPEAT_MINUTES": "5",
                    ]
                    try await platform.withMonitoring(clock: clock, channels: channels, settings: settings) {
                        monitoring in
                        try await Self.everyMemberEvaluated(monitoring)
                        let start = clock.now
                        clock.advance(by: 21 * 60)
                        try await TestMonitoring.eventually("the relay and the gateway hold the recipient's notices") {
                            try !Self.mails(relay, to: Self.email).isEmpty
                                && !Self.texts(gateway, about: Self.recipient).isEmpty
                        }
                        let lost = try #require(
                            try await Self.alerts(monitoring).first {
                                $0.kind == .connectionLost && $0.organisationID == Self.recipient
                            })
                        let raised = lost.raiseTime.date
                        #expect(raised.timeIntervalSince(start) >= 20 * 60, "lost after 20 minutes of silence")

                        // The e-mail, as the relay kept it: to the member's address, dated (by Monitoring's clock)
                        // within 30 minutes of the detection, naming the member and the article.
                        let mail = try #require(try Self.mails(relay, to: Self.email).first)
                        let dated = try #require(Self.date(of: mail), "a Date header: \(mail)")
                        #expect(dated.timeIntervalSince(raised) >= -1)
                        #expect(dated.timeIntervalSince(raised) <= 30 * 60)
                        #expect((mail["subject"] as? String)?.contains(Self.recipient) == true)
                        #expect((mail["body"] as? String)?.contains("Điều 9.2") == true)
                        #expect((mail["message_id"] as? String)?.hasSuffix("@vdxp.test>") == true)
                        // The SMS, as the gateway kept it: to the member's number in E.164, with its reference.
                        let text = try #require(try Self.texts(gateway, about: Self.recipient).first)
                        #expect(text["to"] as? String == Self.phone)
                        #expect((text["reference"] as? String)?.isEmpty == false)
                        #expect(text["idempotency_key"] as? String == text["reference"] as? String)
                        // Both recorded SENT at their one attempt, within 30 minutes of the detection.
                        try await TestMonitoring.eventually("the e-mail and the SMS are SENT at their first attempt") {
                            let alert = try await Self.alerts(monitoring).first { $0.alertID == lost.alertID }
                            let notifications = alert?.notifications ?? []
                            return notifications.count == 2
                                && notifications.allSatisfy {
                                    $0.state == .sent && $0.attempts.count == 1 && $0.attempts[0].accepted
                                        && $0.attempts[0].attemptTime.date.timeIntervalSince(raised) <= 30 * 60
                                }
                        }

                        // While it lasts, the contacts are told again (every 5 minutes here).
                        clock.advance(by: 6 * 60)
                        try await TestMonitoring.eventually("the relay and the gateway hold the repeat") {
                            try Self.mails(relay, to: Self.email).count == 2
                                && Self.texts(gateway, about: Self.recipient).count == 2
                        }

                        // A heartbeat restores the connection: a recovery notice follows, and the repeats stop.
                        let answer = try await monitoring.member(TestPlatform.recipient).monitoring {
                            try await $0.heartbeat(.init())
                        }
                        #expect(answer.connection.state == .connected)
                        try await TestMonitoring.eventually("the relay and the gateway hold the recovery notice") {
                            try Self.mails(relay, to: Self.email).count == 3
                                && Self.texts(gateway, about: Self.recipient).count == 3
                        }
                        let mails = try Self.mails(relay, to: Self.email)
                        #expect((mails.last?["subject"] as? String)?.contains("Connection restored") == true)
                        #expect(Set(mails.compactMap { $0["message_id"] as? String }).count == 3, "three notices")
                        clock.advance(by: 6 * 60)
                        try await TestMonitoring.eventually("the sender, still silent, is texted a third time") {
                            try Self.texts(gateway, about: Self.sender).count == 3
                        }
                        #expect(try Self.mails(relay, to: Self.email).count == 3, "no repeat after the recovery")
                        #expect(try Self.texts(gateway, about: Self.recipient).count == 3)
                    }
                }
            }
        }
    }

    @Test(
        "a relay answering 451 and a gateway answering 503 for a while are retried until they accept: each notice arrives once, every attempt recorded"
    )
    func failingRelayAndGatewayRetried() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir", arguments: ["--fail-first", "2"]) {
            relay in
            try await LocalSink.with("sms_sink.py", folderOption: "--smsdir", arguments: ["--fail-first", "2"]) {
                gateway in
                try await TestPlatform.with { platform in
                    let clock = ManualClock()
                    let channels = try Self.channels(
                        mailPort: relay.port, smsPort: gateway.port, platform: platform, clock: clock)
                    try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                        try await Self.everyMemberEvaluated(monitoring)
                        // Every member goes silent: three e-mails and three SMS, two of each refused at first.
                        clock.advance(by: 11 * 60)
                        try await TestMonitoring.eventually("the relay and the gateway have refused twice each") {
                            Self.refusals(relay).count == 2 && Self.refusals(gateway).count == 2
                        }
                        try await Self.advanceUntilEverySent(monitoring, clock: clock, notifications: 6)

                        let lost = try await Self.alerts(monitoring).filter { $0.kind == .connectionLost }
                        #expect(lost.count == 3)
                        let notifications = lost.flatMap(\.notifications)
                        for notification in notifications {
                            // Refused attempts first, then the one the relay or gateway accepted; nothing after it.
                            let accepted = notification.attempts.map(\.accepted)
                            #expect(accepted.last == true)
                            #expect(accepted.dropLast().allSatisfy { !$0 })
                        }
                        let refusedMail = notifications.filter { $0.channel == .email }
                            .flatMap(\.attempts).filter { !$0.accepted }
                        let refusedSMS = notifications.filter { $0.channel == .sms }
                            .flatMap(\.attempts).filter { !$0.accepted }
                        #expect(refusedMail.count == 2, "the two 451s are recorded")
                        #expect(refusedMail.allSatisfy { $0.outcome.contains("451") }, "\(refusedMail)")
                        #expect(refusedSMS.count == 2, "the two 503s are recorded")
                        #expect(refusedSMS.allSatisfy { $0.outcome.contains("503") }, "\(refusedSMS)")

                        // Exactly one kept message per notification: three e-mails with distinct Message-IDs (one
                        // per member), three SMS with distinct references; the refused ones were retried with the
                        // same Message-ID and reference.
                        let mails = try relay.received()
                        #expect(mails.count == 3)
                        let messageIDs = Set(mails.compactMap { $0["message_id"] as? String })
                        #expect(messageIDs.count == 3)
                        for line in Self.refusals(relay) {
                            #expect(messageIDs.contains { line.hasSuffix($0) }, "retried as the same message: \(line)")
                        }
                        let texts = try gateway.received()
                        #expect(texts.count == 3)
                        let references = Set(texts.compactMap { $0["reference"] as? String })
                        #expect(references.count == 3)
                        for line in Self.refusals(gateway) {
                            #expect(references.contains { line.hasSuffix($0) }, "retried with its reference: \(line)")
                        }
                        for member in [Self.recipient, Self.sender] {
                            #expect(try Self.texts(gateway, about: member).count == 1)
                        }
                    }
                }
            }
        }
    }

    @Test("a relay that is down is retried, and once it is up every e-mail arrives once")
    func relayDownThenUp() async throws {
        // The relay's port is held from the start by a forwarder to a closed port (each connection is accepted and
        // dropped: the relay is down), so that no other test's server takes it in the minutes before the relay
        // starts there; the relay replaces the forwarder the moment it comes up.
        let down = try await TCPForwarder(to: HostAndPort("127.0.0.1:1")!)
        defer { down.stop() }
        let port = down.address.port
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { gateway in
            try await TestPlatform.with { platform in
                let clock = ManualClock()
                let channels = try Self.channels(
                    mailPort: port, smsPort: gateway.port, platform: platform, clock: clock)
                try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                    try await Self.everyMemberEvaluated(monitoring)
                    clock.advance(by: 11 * 60)
                    try await TestMonitoring.eventually("every e-mail's first attempt fails: nothing listens") {
                        let mail = try await Self.alerts(monitoring).filter { $0.kind == .connectionLost }
                            .flatMap(\.notifications).filter { $0.channel == .email }
                        return mail.count == 3 && mail.allSatisfy { $0.attempts.count == 1 && $0.state == .pending }
                    }
                    // The SMS were not held up by the relay.
                    #expect(try gateway.received().count == 3)
                    down.stop()
                    try await LocalSink.with(
                        "smtp_sink.py", folderOption: "--maildir", arguments: ["--port", "\(port)"]
                    ) {
                        relay in
                        try await Self.advanceUntilEverySent(monitoring, clock: clock, notifications: 6)
                        let mails = try relay.received()
                        #expect(mails.count == 3)
                        #expect(Set(mails.compactMap { $0["message_id"] as? String }).count == 3)
                        let mail = try await Self.alerts(monitoring).filter { $0.kind == .connectionLost }
                            .flatMap(\.notifications).filter { $0.channel == .email }
                        #expect(mail.allSatisfy { $0.attempts.map(\.accepted) == [false, true] }, "\(mail)")
                        #expect(mail.allSatisfy { $0.attempts.first?.outcome.isEmpty == false })
                    }
                }
            }
        }
    }

    @Test("two Monitoring replicas on one outbox deliver each notice once, through the real relay and gateway")
    func twoReplicasDeliverOnce() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { relay in
            try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { gateway in
                try await TestPlatform.with { platform in
                    let clock = ManualClock()
                    let channels = try Self.channels(
                        mailPort: relay.port, smsPort: gateway.port, platform: platform, clock: clock)
                    try await platform.withMonitoring(clock: clock, channels: channels) { first in
                        try await platform.withMonitoring(clock: clock, channels: channels) { second in
                            try await Self.everyMemberEvaluated(first)
                            try await Self.everyMemberEvaluated(second)
                            clock.advance(by: 11 * 60)
                            try await TestMonitoring.eventually("every member's e-mail and SMS are SENT") {
                                let sent = try await Self.alerts(second).filter { $0.kind == .connectionLost }
                                    .flatMap(\.notifications)
                                return sent.count == 6 && sent.allSatisfy { $0.state == .sent }
                            }
                            // Both replicas keep running a while: neither delivers anything a second time.
                            try await Task.sleep(for: .seconds(3))
                            let lost = try await Self.alerts(first).filter { $0.kind == .connectionLost }
                            #expect(lost.count == 3, "one alert per member, not one per replica")
                            #expect(lost.flatMap(\.notifications).allSatisfy { $0.attempts.count == 1 })
                            let mails = try relay.received()
                            #expect(mails.count == 3)
                            #expect(Set(mails.compactMap { $0["message_id"] as? String }).count == 3)
                            let texts = try gateway.received()
                            #expect(texts.count == 3)
                            #expect(Set(texts.compactMap { $0["reference"] as? String }).count == 3)
                        }
                    }
                }
            }
        }
    }

    /// Moves the clock a minute at a time (past each backoff) until `notifications` notifications of lost connections
    /// are SENT; at most 20 minutes, less than the default repeat (60), so no repeat is sent meanwhile.
    static func advanceUntilEverySent(_ monitoring: TestMonitoring, clock: ManualClock, notifications: Int)
        async throws
    {
        for _ in 0..<20 {
            let all = try await alerts(monitoring).filter { $0.kind == .connectionLost }.flatMap(\.notifications)
            if all.count == notifications && all.allSatisfy({ $0.state == .sent }) { return }
            clock.advance(by: 61)
            try await Task.sleep(for: .seconds(2))
        }
        let states = try await alerts(monitoring).flatMap(\.notifications).map { "\($0.channel) \($0.state)" }
        throw TestPlatformError("not every notification was SENT after 20 minutes of retries: \(states)")
    }
}
