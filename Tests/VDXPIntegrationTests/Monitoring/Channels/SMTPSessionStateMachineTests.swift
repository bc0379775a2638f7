import Foundation
import Testing

@testable import VDXPMonitoring

/// The SMTP conversation without a socket: each reply in, the next step out.
@Suite("The SMTP conversation, step by step")
struct SMTPSessionStateMachineTests {
    static func configuration(
        _ security: SMTPSettings.Security, credentials: SMTPCredentials? = nil
    ) -> SMTPSessionStateMachine.Configuration {
        .init(
            security: security, credentials: credentials, clientName: "monitoring.vdxp.test",
            sender: "canhbao@vdxp.test", recipient: "vanthu@hagiang.gov.vn", data: "Subject: x\r\n\r\nx\r\n.\r\n",
            relay: "relay:587")
    }

    static func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines.isEmpty ? [""] : lines)
    }

    @Test("STARTTLS, EHLO again, AUTH PLAIN, MAIL, RCPT, DATA, message, QUIT")
    func fullConversation() {
        let credentials = SMTPCredentials(username: "vdxp", password: "bí mật")
        var session = SMTPSessionStateMachine(Self.configuration(.startTLS, credentials: credentials), tlsActive: false)
        #expect(session.receive(Self.reply(220, "relay ESMTP")) == .send("EHLO monitoring.vdxp.test"))
        // Before TLS the relay's AUTH offer is not taken: credentials never travel in plaintext.
        #expect(session.receive(Self.reply(250, "relay", "AUTH PLAIN", "STARTTLS")) == .send("STARTTLS"))
        #expect(session.receive(Self.reply(220, "go ahead")) == .startTLS)
        #expect(session.tlsEstablished() == .send("EHLO monitoring.vdxp.test"))
        let token = Data("\0vdxp\0bí mật".utf8).base64EncodedString()
        #expect(session.receive(Self.reply(250, "relay", "AUTH PLAIN LOGIN")) == .send("AUTH PLAIN \(token)"))
        #expect(session.receive(Self.reply(235, "2.7.0 ok")) == .send("MAIL FROM:<canhbao@vdxp.test>"))
        #expect(session.receive(Self.reply(250)) == .send("RCPT TO:<vanthu@hagiang.gov.vn>"))
        #expect(session.receive(Self.reply(250)) == .send("DATA"))
        #expect(session.receive(Self.reply(354)) == .sendData("Subject: x\r\n\r\nx\r\n.\r\n"))
        #expect(
            session.receive(Self.reply(250, "2.0.0 queued as 42")) == .quit(.accepted(detail: "250 2.0.0 queued as 42"))
        )
    }

    @Test("AUTH LOGIN when the relay offers only LOGIN")
    func authLogin() {
        var session = SMTPSessionStateMachine(
            Self.configuration(.implicitTLS, credentials: SMTPCredentials(username: "u", password: "p")),
            tlsActive: true)
        _ = session.receive(Self.reply(220))
        #expect(session.receive(Self.reply(250, "relay", "AUTH LOGIN")) == .send("AUTH LOGIN"))
        #expect(session.receive(Self.reply(334, "VXNlcm5hbWU6")) == .send("dQ=="))
        #expect(session.receive(Self.reply(334, "UGFzc3dvcmQ6")) == .send("cA=="))
        #expect(session.receive(Self.reply(235)) == .send("MAIL FROM:<canhbao@vdxp.test>"))
    }

    @Test("without credentials the mail goes without AUTH, even when the relay offers it")
    func noAuth() {
        var session = SMTPSessionStateMachine(Self.configuration(.noneLoopbackOnly), tlsActive: false)
        _ = session.receive(Self.reply(220))
        #expect(session.receive(Self.reply(250, "relay", "AUTH PLAIN")) == .send("MAIL FROM:<canhbao@vdxp.test>"))
    }

    /// The credentials used to be skipped silently: the relay's later refusal to relay looked like the recipient's.
    @Test("credentials set and a relay offering no AUTH: transient, naming the setting, and nothing is sent")
    func authNotOffered() {
        var session = SMTPSessionStateMachine(
            Self.configuration(.implicitTLS, credentials: SMTPCredentials(username: "u", password: "p")),
            tlsActive: true)
        _ = session.receive(Self.reply(220))
        let action = session.receive(Self.reply(250, "relay", "SIZE 35882577", "8BITMIME"))
        guard case .quit(.transientFailure(let detail)) = action else {
            Issue.record("not a transient failure: \(action)")
            return
        }
        #expect(detail.contains("offers no AUTH") && detail.contains("VDXP_MONITORING_SMTP_USERNAME"), "\(detail)")
    }

    @Test("the pre-standard AUTH=LOGIN line of older relays counts as an offer of LOGIN")
    func legacyAuthLine() {
        var session = SMTPSessionStateMachine(
            Self.configuration(.implicitTLS, credentials: SMTPCredentials(username: "u", password: "p")),
            tlsActive: true)
        _ = session.receive(Self.reply(220))
        #expect(session.receive(Self.reply(250, "relay", "AUTH=LOGIN")) == .send("AUTH LOGIN"))
        #expect(Self.reply(250, "relay", "AUTH=LOGIN", "AUTH PLAIN LOGIN").extensions["AUTH"] == ["LOGIN", "PLAIN"])
    }

    @Test("credentials set and a relay offering AUTH without PLAIN or LOGIN: transient, naming the settings")
    func unsupportedAuth() {
        var session = SMTPSessionStateMachine(
            Self.configuration(.implicitTLS, credentials: SMTPCredentials(username: "u", password: "p")),
            tlsActive: true)
        _ = session.receive(Self.reply(220))
        let action = session.receive(Self.reply(250, "relay", "AUTH CRAM-MD5"))
        guard case .quit(.transientFailure(let detail)) = action else {
            Issue.record("not a transient failure: \(action)")
            return
        }
        #expect(detail.contains("CRAM-MD5") && detail.contains("VDXP_MONITORING_SMTP_USERNAME"))
    }

    @Test(
        "a 5xx to the recipient or the message is permanent; a 4xx anywhere, or a 5xx refusing the platform, transient")
    func outcomes() {
        func run(_ replies: [SMTPReply]) -> SMTPSessionStateMachine.Action {
            var session = SMTPSessionStateMachine(Self.configuration(.noneLoopbackOnly), tlsActive: false)
            var action = SMTPSessionStateMachine.Action.startTLS
            for reply in replies { action = session.receive(reply) }
            return action
        }
        let ok = [Self.reply(220), Self.reply(250), Self.reply(250)]
        func kind(_ action: SMTPSessionStateMachine.Action) -> String {
            switch action {
            case .quit(.accepted): "accepted"
            case .quit(.transientFailure): "transient"
            case .quit(.permanentFailure): "permanent"
            default: "continues"
            }
        }
        #expect(kind(run(ok + [Self.reply(550, "5.1.1 no such user")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(550, "no such user")])) == "permanent", "550 without an enhanced code")
        #expect(kind(run(ok + [Self.reply(552, "5.2.2 mailbox full")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(554, "5.7.1 Relay access denied")])) == "transient", "the platform's")
        #expect(kind(run(ok + [Self.reply(451, "4.3.0 busy")])) == "transient")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(554, "5.6.0 message refused")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(354), Self.reply(552, "too big")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(354), Self.reply(552, "5.3.4 too big")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(354), Self.reply(421, "closing")])) == "transient")
        #expect(kind(run([Self.reply(554, "no service")])) == "transient")
        #expect(kind(run([Self.reply(220), Self.reply(250), Self.reply(553, "sender not allowed")])) == "transient")
    }

    /// Postfix (`smtpd_delay_reject = yes`, its default) reports its refusals of the client, its EHLO name and its
    /// sender only at `RCPT TO`: each used to give up every notification to every member on its first attempt.
    @Test(
        "a 5xx at RCPT TO or after that refuses the platform (its EHLO name, its sender, relaying, SPF or DMARC) is transient, naming the settings",
        arguments: [
            (
                "rcpt",
                SMTPReply(
                    code: 504,
                    lines: ["5.5.2 <vdxp-monitoring-7c9f>: Helo command rejected: need fully-qualified hostname"])
            ),
            (
                "rcpt",
                SMTPReply(code: 553, lines: ["5.1.8 <canhbao@vdxp.test>: Sender address rejected: Domain not found"])
            ),
            ("rcpt", SMTPReply(code: 550, lines: ["5.7.1 Client host rejected: cannot find your hostname"])),
            ("rcpt", SMTPReply(code: 530, lines: ["Authentication required"])),
            ("rcpt", SMTPReply(code: 451, lines: ["4.3.5 Server configuration problem"])),
            ("data", SMTPReply(code: 554, lines: ["5.5.1 Error: no valid recipients"])),
            ("message", SMTPReply(code: 550, lines: ["5.7.26 Unauthenticated email is not accepted (DMARC)"])),
            ("message", SMTPReply(code: 554, lines: ["5.3.0 Mail system full"])),
        ])
    func platformRefusedAfterSender(step: String, reply: SMTPReply) {
        var session = SMTPSessionStateMachine(Self.configuration(.noneLoopbackOnly), tlsActive: false)
        var steps = [Self.reply(220), Self.reply(250), Self.reply(250)]
        if step != "rcpt" { steps.append(Self.reply(250)) }
        if step == "message" { steps.append(Self.reply(354)) }
        for earlier in steps { _ = session.receive(earlier) }
        guard case .quit(.transientFailure(let detail)) = session.receive(reply) else {
            Issue.record("\(step) \(reply): not transient")
            return
        }
        if reply.isPermanentNegative {
            #expect(detail.contains("refusal of the platform") && detail.contains("VDXP_MONITORING_SMTP_"), "\(detail)")
        }
    }

    @Test("an enhanced status code is read from the first line only when it is one (RFC 3463)")
    func enhancedStatus() {
        #expect(Self.reply(550, "5.1.1 no such user").enhancedStatus! == (5, 1, 1))
        #expect(Self.reply(550, "5.7.26 DMARC").enhancedStatus! == (5, 7, 26))
        #expect(Self.reply(550, "no such user").enhancedStatus == nil)
        #expect(Self.reply(550, "1.2.3.4 blocked").enhancedStatus == nil)
        #expect(Self.reply(550, "3.1.1 no").enhancedStatus == nil, "class 2, 4 or 5 only")
        #expect(Self.reply(550, "5.1.1234 no").enhancedStatus == nil)
    }

    @Test("STARTTLS required but not offered: nothing is sent in plaintext")
    func startTLSMissing() {
        var session = SMTPSessionStateMachine(Self.configuration(.startTLS), tlsActive: false)
        _ = session.receive(Self.reply(220))
        guard case .quit(.transientFailure(let detail)) = session.receive(Self.reply(250, "relay", "AUTH PLAIN"))
        else {
            Issue.record("expected to quit")
            return
        }
        #expect(detail.contains("does not offer STARTTLS"))
    }
}
