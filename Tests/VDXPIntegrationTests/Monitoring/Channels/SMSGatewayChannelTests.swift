import Foundation
import Testing

@testable import VDXPMonitoring

/// The SMS channel of Art. 19.2 ("thông báo qua tin nhắn SMS") against a real HTTP gateway on loopback
/// (`Tests/Sinks/sms_sink.py`, the same sink `vdxp dev up` runs).
@Suite("SMS notifications reach a real HTTP gateway (Art. 19.2)", .serialized, .timeLimit(.minutes(2)))
struct SMSGatewayChannelTests {
    static func settings(_ port: Int, path: String = "/v1/sms", token: String? = nil) -> SMSGatewaySettings {
        SMSGatewaySettings(url: "http://127.0.0.1:\(port)\(path)", bearerToken: token, timeout: .seconds(5))
    }

    @Test("a Vietnamese text reaches the gateway as JSON with an E.164 number, the bearer token and the reference")
    func delivered() async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir", arguments: ["--token", "token-9f2c"]) {
            sink in
            let id = UUID()
            let channel = SMSGatewayChannel(
                settings: Self.settings(sink.port, token: "token-9f2c"), logger: ChannelFixtures.logger)
            let message = ChannelFixtures.connectionLost(to: "0912 345 678", id: id)
            let outcome = await channel.deliver(message)
            guard case .accepted(let detail) = outcome else {
                Issue.record("not accepted: \(outcome)")
                return
            }
            #expect(detail.hasPrefix("the SMS gateway answered 202"), "\(detail)")
            let received = try sink.received()
            try #require(received.count == 1)
            #expect(received[0]["to"] as? String == "+84912345678")
            #expect(received[0]["text"] as? String == SMSText.plain(message.body))
            #expect(
                (received[0]["text"] as? String)?.hasPrefix("Kinh gui Van thu Uy ban nhan dan tinh Ha Giang,") == true)
            #expect(received[0]["reference"] as? String == id.uuidString.lowercased())
            #expect(received[0]["idempotency_key"] as? String == id.uuidString.lowercased())
            #expect(received[0]["bearer_token"] as? Bool == true)
            #expect(received[0]["path"] as? String == "/v1/sms")
            #expect((received[0]["content_type"] as? String)?.hasPrefix("application/json") == true)
        }
    }

    /// A gateway refusing the platform's token or URL refuses every SMS: giving each up at once would silence Art.
    /// 9.2's alerts until someone noticed; only a refusal of this message as it is (400, 413, 422) is final.
    @Test(
        "400, 413 and 422 are permanent; 429, 5xx, 401, 403, 404, 405, 407 and 408 transient",
        arguments: [
            (429, "transient"), (500, "transient"), (503, "transient"), (401, "transient"), (403, "transient"),
            (404, "transient"), (405, "transient"), (407, "transient"), (408, "transient"), (400, "permanent"),
            (413, "permanent"), (422, "permanent"),
        ])
    func statuses(status: Int, expected: String) async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { sink in
            let channel = SMSGatewayChannel(
                settings: Self.settings(sink.port, path: "/status/\(status)"), logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "+84 912 345 678"))
            switch (outcome, expected) {
            case (.transientFailure(let detail), "transient"), (.permanentFailure(let detail), "permanent"):
                #expect(detail.contains("answered \(status)"), "\(detail)")
            default:
                Issue.record("HTTP \(status) should be \(expected): \(outcome)")
            }
            let received = try sink.received()
            #expect(received.isEmpty)
        }
    }

    /// One diacritic puts a whole SMS in UCS-2 (70 characters a message instead of 160): an alert's summary took five
    /// parts, and some brand-name gateways refuse Unicode outright.
    @Test("an SMS is written without diacritics and with plain punctuation, in the GSM alphabet")
    func plainText() {
        #expect(
            SMSText.plain("VDXP: Mất kết nối — đề nghị «kiểm tra» Điều 9.2…")
                == "VDXP: Mat ket noi - de nghi \"kiem tra\" Dieu 9.2...")
        #expect(
            SMSText.plain("Ủy ban nhân dân tỉnh Hà Giang; Bộ Tư pháp") == "Uy ban nhan dan tinh Ha Giang; Bo Tu phap")
        #expect(SMSText.plain("e\u{0301}\u{0323}") == "e", "decomposed marks go too")
        #expect(SMSText.plain("000.00.00.G22,2026,7816/VPCP-TTĐT") == "000.00.00.G22,2026,7816/VPCP-TTDT")
        #expect(SMSText.plain("中文") == "中文", "what has no plain form stays")
        let summary = String(repeating: "Văn bản không được nhận; đề nghị xử lý trong ngày. ", count: 6)
        let plain = SMSText.plain(summary)
        #expect(plain.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test("a wrong token is refused by the gateway (401): transient until the token is fixed, and never shown")
    func wrongToken() async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir", arguments: ["--token", "right"]) { sink in
            let channel = SMSGatewayChannel(
                settings: Self.settings(sink.port, token: "stale-token-7f3a"), logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "+84912345678"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("401"), "\(detail)")
            #expect(!detail.contains("stale-token-7f3a"), "the token never appears: \(detail)")
        }
    }

    /// Followed, a 301–303 turns the POST into a GET without the message, which a login page answers 200: an SMS
    /// counted as sent that never was.
    @Test(
        "a redirect is not followed: transient, naming where the gateway points, and nothing counts as sent",
        arguments: [301, 302, 303, 307, 308])
    func redirect(status: Int) async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { sink in
            let channel = SMSGatewayChannel(
                settings: Self.settings(sink.port, path: "/redirect/\(status)"), logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "+84912345678"))
            guard case .transientFailure(let detail) = outcome else {
                Issue.record("expected a transient failure: \(outcome)")
                return
            }
            #expect(detail.contains("answered \(status)") && detail.contains("/moved"), "\(detail)")
            #expect(detail.contains("VDXP_MONITORING_SMS_GATEWAY_URL"), "\(detail)")
            let received = try sink.received()
            #expect(received.isEmpty)
        }
    }

    /// Reading the answer used to be part of the delivery: a 2xx with more than 4 KiB of answer threw, and the SMS
    /// the gateway had taken was sent again.
    @Test("a gateway that takes the message and answers at length: accepted once")
    func longAnswer() async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { sink in
            let channel = SMSGatewayChannel(
                settings: Self.settings(sink.port, path: "/v1/big-answer"), logger: ChannelFixtures.logger)
            let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "+84912345678"))
            guard case .accepted(let detail) = outcome else {
                Issue.record("expected accepted: \(outcome)")
                return
            }
            #expect(detail.hasPrefix("the SMS gateway answered 202") && detail.count < 400, "\(detail.prefix(300))")
            let received = try sink.received()
            #expect(received.count == 1)
        }
    }

    @Test("a gateway that is down is a transient failure")
    func gatewayDown() async throws {
        let channel = SMSGatewayChannel(
            settings: Self.settings(try ChannelFixtures.closedPort()), logger: ChannelFixtures.logger)
        let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: "+84912345678"))
        guard case .transientFailure(let detail) = outcome else {
            Issue.record("expected a transient failure: \(outcome)")
            return
        }
        #expect(detail.contains("could not be reached"), "\(detail)")
    }

    @Test("a number that is not one is a permanent failure, and nothing is sent")
    func invalidNumber() async throws {
        try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { sink in
            let channel = SMSGatewayChannel(settings: Self.settings(sink.port), logger: ChannelFixtures.logger)
            for number in ["", "vanthu@hagiang.gov.vn", "12345", "+84 12", "0912 345 678 999 1"] {
                let outcome = await channel.deliver(ChannelFixtures.connectionLost(to: number))
                guard case .permanentFailure = outcome else {
                    Issue.record("\(number.debugDescription): \(outcome)")
                    continue
                }
            }
            let received = try sink.received()
            #expect(received.isEmpty)
        }
    }
}
