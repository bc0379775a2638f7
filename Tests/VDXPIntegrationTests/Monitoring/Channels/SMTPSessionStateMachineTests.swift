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

    @Test("without credentials, or when the relay offers no AUTH, the mail goes without it")
    func noAuth() {
        var session = SMTPSessionStateMachine(Self.configuration(.noneLoopbackOnly), tlsActive: false)
        _ = session.receive(Self.reply(220))
        #expect(session.receive(Self.reply(250, "relay", "AUTH PLAIN")) == .send("MAIL FROM:<canhbao@vdxp.test>"))
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
        #expect(kind(run(ok + [Self.reply(554, "5.7.1 Relay access denied")])) == "transient", "the platform's")
        #expect(kind(run(ok + [Self.reply(451, "4.3.0 busy")])) == "transient")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(554, "5.7.1 message refused")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(354), Self.reply(552, "too big")])) == "permanent")
        #expect(kind(run(ok + [Self.reply(250), Self.reply(354), Self.reply(421, "closing")])) == "transient")
        #expect(kind(run([Self.reply(554, "no service")])) == "transient")
        #expect(kind(run([Self.reply(220), Self.reply(250), Self.reply(553, "sender not allowed")])) == "transient")
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
