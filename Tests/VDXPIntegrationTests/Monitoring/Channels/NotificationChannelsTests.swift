import Foundation
import Testing
import VDXPRuntime

@testable import VDXPMonitoring

/// The channels Monitoring builds from its settings, as `vdxp dev up` sets them, deliver to the dev sinks.
@Suite("The channels built from the settings deliver (as in `vdxp dev up`)", .serialized, .timeLimit(.minutes(2)))
struct NotificationChannelsTests {
    @Test("settings naming a loopback relay and gateway give an e-mail and an SMS channel that deliver")
    func fromSettings() async throws {
        try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { mail in
            try await LocalSink.with("sms_sink.py", folderOption: "--smsdir") { sms in
                let settings = try ChannelSettings(
                    Settings([
                        "VDXP_MONITORING_SMTP_URL": "smtp://127.0.0.1:\(mail.port)",
                        "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
                        "VDXP_MONITORING_SMTP_FROM": "Trục liên thông văn bản quốc gia <canhbao@vdxp.test>",
                        "VDXP_MONITORING_SMS_GATEWAY_URL": "http://127.0.0.1:\(sms.port)/sms",
                    ]))
                let channels = NotificationChannels.channels(from: settings, logger: ChannelFixtures.logger)
                let email = try #require(channels.email)
                let text = try #require(channels.sms)
                let id = UUID()
                guard
                    case .accepted = await email.deliver(
                        ChannelFixtures.connectionLost(to: "vanthu@hagiang.gov.vn", id: id))
                else {
                    Issue.record("e-mail not accepted")
                    return
                }
                guard case .accepted = await text.deliver(ChannelFixtures.connectionLost(to: "0912345678", id: id))
                else {
                    Issue.record("SMS not accepted")
                    return
                }
                #expect(
                    try mail.received().first?["message_id"] as? String == "<\(id.uuidString.lowercased())@vdxp.test>")
                #expect(try sms.received().first?["reference"] as? String == id.uuidString.lowercased())
            }
        }
    }
}
