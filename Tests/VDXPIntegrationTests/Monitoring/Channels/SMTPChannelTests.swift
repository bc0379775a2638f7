import Foundation
import Testing
import VDXPRuntime

@testable import VDXPMonitoring

/// The e-mail channel of Art. 19.2 ("thông báo qua thư điện tử") against a real SMTP server (aiosmtpd,
/// `Tests/Sinks/smtp_sink.py`): what arrives is decoded by Python's own e-mail parser, not by the code under test.
@Suite("E-mail notifications over SMTP reach a real relay (Art. 19.2)", .serialized, .timeLimit(.minutes(2)))
struct SMTPChannelTests {
    @Test("a Vietnamese subject and body arrive intact, dated, with a Message-ID from the notification id")
    func plainDelivery() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { sink in
            let id = UUID()
            let message = ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn", id: id)
            let channel = SMTPChannel(
                settings: try ChannelFixtures.smtp(port: sink.port),
                clock: WallClock { ChannelFixtures.monday }, logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(message)
            guard case .accepted(let detail) = outcome else {
                Issue.record("not accepted: \(outcome)")
                return
            }
            #expect(detail.hasPrefix("250 2.0.0 Ok: queued as"))
            let received = try sink.received()
            try #require(received.count == 1)
            let mail = received[0]
            #expect(mail["subject"] as? String == message.subject)
            #expect(mail["body"] as? String == message.body + "\n")
            #expect(mail["mail_from"] as? String == "canhbao@vdxp.test")
            #expect(mail["rcpt_tos"] as? [String] == ["vanthu@hagiang.gov.vn"])
            #expect(mail["to"] as? String == "vanthu@hagiang.gov.vn")
            #expect(mail["from"] as? String == "Trục liên thông văn bản quốc gia <canhbao@vdxp.test>")
            #expect(mail["message_id"] as? String == "<\(id.uuidString.lowercased())@vdxp.test>")
            #expect(mail["date"] as? String == "Mon, 02 Nov 2026 02:00:00 +0000")
            #expect(mail["content_type"] as? String == "text/plain")
            #expect(mail["charset"] as? String == "utf-8")
            #expect(mail["tls"] as? Bool == false)
        }
    }

    @Test("lines starting with a dot survive the SMTP transfer (dot-stuffing) and any line break becomes CRLF")
    func dotStuffing() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { sink in
            let body = ".\n.ẩn\n..hai chấm\r\nCR cũ\rdòng cuối\n."
            let message = ChannelMessage(
                notificationID: UUID(), address: "vanthu@hagiang.gov.vn", subject: "Dấu chấm", body: body)
            let channel = SMTPChannel(
                settings: try ChannelFixtures.smtp(port: sink.port), logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(message)
            guard case .accepted = outcome else {
                Issue.record("not accepted: \(outcome)")
                return
            }
            let received = try sink.received()
            try #require(received.count == 1)
            #expect(received[0]["body"] as? String == ".\n.ẩn\n..hai chấm\nCR cũ\ndòng cuối\n.\n")
        }
    }

    @Test(
        "STARTTLS, then AUTH with the mechanism the relay offers, as a relay requiring both asks",
        arguments: [
            "PLAIN", "LOGIN",
        ])
    func startTLSAndAuth(mechanism: String) async throws {
        try await LocalSink.with(
            "smtp_sink.py", folderOption: "--maildir",
            arguments: ["--starttls", "--require-starttls", "--auth", "vdxp:mật-khẩu 1", "--mechanisms", mechanism]
        ) { sink in
            let settings = try ChannelFixtures.smtp(
                port: sink.port, security: .startTLS,
                credentials: SMTPCredentials(username: "vdxp", password: "mật-khẩu 1"), certificate: sink.certificate)
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .accepted = outcome else {
                Issue.record("not accepted with AUTH \(mechanism): \(outcome)")
                return
            }
            let received = try sink.received()
            try #require(received.count == 1)
            #expect(received[0]["tls"] as? Bool == true)
            #expect(received[0]["authenticated_as"] as? String == "vdxp")
        }
    }

    @Test("implicit TLS (SMTPS, port 465 style) with AUTH")
    func implicitTLS() async throws {
        try await LocalSink.with(
            "smtp_sink.py", folderOption: "--maildir", arguments: ["--implicit-tls", "--auth", "vdxp:secret"]
        ) { sink in
            let settings = try ChannelFixtures.smtp(
                port: sink.port, security: .implicitTLS,
                credentials: SMTPCredentials(username: "vdxp", password: "secret"), certificate: sink.certificate)
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .accepted = outcome else {
                Issue.record("not accepted: \(outcome)")
                return
            }
            let received = try sink.received()
            try #require(received.count == 1)
            #expect(received[0]["tls"] as? Bool == true)
            #expect(received[0]["authenticated_as"] as? String == "vdxp")
        }
    }

    @Test("a relay whose certificate is not trusted gets nothing: transient, the operator fixes the trust")
    func untrustedRelay() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir", arguments: ["--starttls"]) { sink in
            let settings = try ChannelFixtures.smtp(port: sink.port, security: .startTLS)  // system roots only
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("TLS"), "\(detail)")
            #expect(try sink.received().isEmpty)
        }
    }

    @Test(
        "a reply forged in plaintext after STARTTLS's 220 is not read as the relay's answer over TLS: nothing is sent"
    )
    func plaintextInjectedAfterStartTLS() async throws {
        try await LocalSink.with(
            "smtp_sink.py", folderOption: "--maildir", arguments: ["--starttls", "--inject-after-starttls"]
        ) { sink in
            let settings = try ChannelFixtures.smtp(
                port: sink.port, security: .startTLS, certificate: sink.certificate)
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("sent more plaintext after its reply to STARTTLS"), "\(detail)")
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("STARTTLS is required by default: a relay that does not offer it gets nothing")
    func startTLSRequired() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { sink in
            let settings = try ChannelFixtures.smtp(port: sink.port, security: .startTLS)
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("does not offer STARTTLS"), "\(detail)")
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("wrong credentials are a transient failure naming the settings to check")
    func wrongCredentials() async throws {
        try await LocalSink.with(
            "smtp_sink.py", folderOption: "--maildir", arguments: ["--starttls", "--auth", "vdxp:right"]
        ) { sink in
            let settings = try ChannelFixtures.smtp(
                port: sink.port, security: .startTLS,
                credentials: SMTPCredentials(username: "vdxp", password: "wrong"), certificate: sink.certificate)
            let outcome = await SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
                .deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("535"), "\(detail)")
            #expect(detail.contains("VDXP_MONITORING_SMTP_PASSWORD_FILE"), "\(detail)")
            #expect(!detail.contains("wrong"), "the password never appears: \(detail)")
        }
    }

    @Test("the relay refusing the recipient: 5xx is permanent, 4xx transient, and nothing is delivered")
    func relayRefuses() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { sink in
            let channel = SMTPChannel(
                settings: try ChannelFixtures.smtp(port: sink.port), logger: ChannelFixtures.logger)
            let permanent = await channel.deliver(
                ChannelFixtures.connectionLost(to: "refuse-permanent@hagiang.gov.vn"))
            guard case .permanentFailure(let detail) = permanent else {
                Issue.record("expected a permanent failure: \(permanent)")
                return
            }
            #expect(detail.contains("550 5.1.1"), "\(detail)")
            let transient = await channel.deliver(
                ChannelFixtures.connectionLost(to: "refuse-transient@hagiang.gov.vn"))
            guard case .transientFailure(let later) = transient else {
                Issue.record("expected a transient failure: \(transient)")
                return
            }
            #expect(later.contains("451 4.3.0"), "\(later)")
            #expect(try sink.received().isEmpty)
        }
    }

    @Test("a relay that is down, or that never answers, is a transient failure within the step timeout")
    func relayDownOrSilent() async throws {
        let down = SMTPChannel(
            settings: try ChannelFixtures.smtp(port: try ChannelFixtures.closedPort()), logger: ChannelFixtures.logger)
        let refused = await down.deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
        guard case .transientFailure(let detail) = refused else {
            Issue.record("expected a transient failure: \(refused)")
            return
        }
        #expect(detail.contains("connecting"), "\(detail)")

        let listener = try SilentListener()
        defer { listener.close() }
        let silent = SMTPChannel(
            settings: try ChannelFixtures.smtp(port: listener.port, timeout: .seconds(1)),
            logger: ChannelFixtures.logger)
        let start = ContinuousClock.now
        let timedOut = await silent.deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
        guard case .transientFailure(let waited) = timedOut else {
            Issue.record("expected a transient failure: \(timedOut)")
            return
        }
        #expect(waited.contains("greeting") && waited.contains("no reply within"), "\(waited)")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    /// A relay that scans what it accepts answers the message late; given up at the step timeout, the message the
    /// relay then kept was sent again — the member got it twice.
    @Test("a relay answering the message later than the step timeout, within five of them: accepted, sent once")
    func slowAnswerToTheMessage() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir", arguments: ["--hold-reply", "20"]) { sink in
            let settings = try ChannelFixtures.smtp(port: sink.port, timeout: .seconds(8))
            #expect(settings.messageTimeout == .seconds(40))
            let channel = SMTPChannel(settings: settings, logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn"))
            guard case .accepted = outcome else {
                Issue.record("expected accepted: \(outcome)")
                return
            }
            let received = try sink.received()
            #expect(received.count == 1)
        }
    }

    /// A lease shorter than a delivery lets a second replica claim a notification while the first still sends it.
    @Test("Monitoring refuses an outbox lease no longer than one delivery may take at the channels' timeouts")
    func leaseCoversTheLongestDelivery() throws {
        func channels(smtpTimeout: Int, smsTimeout: Int?) throws -> MonitoringChannels {
            let email = SMTPChannel(
                settings: try ChannelFixtures.smtp(port: 25, timeout: .seconds(smtpTimeout)),
                logger: ChannelFixtures.logger)
            let sms = smsTimeout.map {
                SMSGatewayChannel(
                    settings: SMSGatewaySettings(
                        url: "https://sms.example.vn", bearerToken: nil, timeout: .seconds($0)),
                    logger: ChannelFixtures.logger)
            }
            return MonitoringChannels(email: email, sms: sms)
        }
        let defaults = try channels(smtpTimeout: 30, smsTimeout: 15)
        #expect(throws: Never.self) { try defaults.checkLease(.seconds(600)) }
        #expect(try ChannelFixtures.smtp(port: 25).longestSession == .seconds(13 * 30 + 150))
        #expect(throws: SettingsError.self) { try defaults.checkLease(.seconds(540)) }
        let slow = try channels(smtpTimeout: 60, smsTimeout: nil)
        let refused = #expect(throws: SettingsError.self) { try slow.checkLease(.seconds(600)) }
        #expect(refused?.description.contains("VDXP_MONITORING_OUTBOX_LEASE_SECONDS=600") == true)
        #expect(refused?.description.contains("1080 s") == true, "13 × 60 s and the message's 300 s")
        let slowSMS = try channels(smtpTimeout: 1, smsTimeout: 400)
        #expect(throws: SettingsError.self) { try slowSMS.checkLease(.seconds(600)) }
    }

    @Test("an address that is not one is a permanent failure, without a connection")
    func invalidAddress() async throws {
        let channel = SMTPChannel(
            settings: try ChannelFixtures.smtp(port: try ChannelFixtures.closedPort()), logger: ChannelFixtures.logger)
        for address in ["", "vanthu", "vanthu@", "a b@c.vn", "x@y.vn>\r\nRCPT TO:<z@w.vn"] {
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: address))
            guard case .permanentFailure = outcome else {
                Issue.record("\(address.debugDescription): \(outcome)")
                continue
            }
        }
    }
}
