import Foundation
import Testing
import VDXPRuntime

@testable import VDXPMonitoring

/// `VDXP_MONITORING_SMTP_*` and `VDXP_MONITORING_SMS_GATEWAY_*`: read once at start-up, refused with what to write.
@Suite("The channels' settings")
struct ChannelSettingsTests {
    static func secretFile(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-secret-\(UUID().uuidString)")
            .path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("nothing set: both channels are off")
    func off() throws {
        let settings = try ChannelSettings(Settings([:]))
        #expect(settings.smtp == nil && settings.sms == nil)
        let channels = NotificationChannels.channels(from: settings, logger: ChannelFixtures.logger)
        #expect(channels.email == nil && channels.sms == nil)
    }

    @Test("a relay with STARTTLS and credentials from a secret file; a gateway with a token file")
    func full() throws {
        let password = try Self.secretFile("mật khẩu\n")
        let token = try Self.secretFile("token-123\n")
        let settings = try ChannelSettings(
            Settings([
                "VDXP_MONITORING_SMTP_URL": "smtp://relay.vdxp.gov.vn",
                "VDXP_MONITORING_SMTP_FROM": "Trục liên thông <canhbao@vdxp.gov.vn>",
                "VDXP_MONITORING_SMTP_USERNAME": "vdxp",
                "VDXP_MONITORING_SMTP_PASSWORD_FILE": password,
                "VDXP_MONITORING_SMS_GATEWAY_URL": "https://sms.example.vn/v1/messages",
                "VDXP_MONITORING_SMS_GATEWAY_TOKEN_FILE": token,
            ]))
        let smtp = try #require(settings.smtp)
        #expect(smtp.host == "relay.vdxp.gov.vn" && smtp.port == 587 && smtp.security == .startTLS)
        #expect(smtp.from.address == "canhbao@vdxp.gov.vn" && smtp.from.displayName == "Trục liên thông")
        #expect(smtp.credentials == SMTPCredentials(username: "vdxp", password: "mật khẩu"))
        #expect(smtp.stepTimeout == .seconds(30))
        #expect(settings.sms?.url == "https://sms.example.vn/v1/messages")
        #expect(settings.sms?.bearerToken == "token-123")
        let channels = NotificationChannels.channels(from: settings, logger: ChannelFixtures.logger)
        #expect(channels.email is SMTPChannel && channels.sms is SMSGatewayChannel)
    }

    @Test("smtps:// is implicit TLS on port 465; host and port may be given apart")
    func implicitAndHostPort() throws {
        let implicit = try ChannelSettings(
            Settings([
                "VDXP_MONITORING_SMTP_URL": "smtps://relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@vdxp.gov.vn",
            ]))
        #expect(implicit.smtp?.port == 465 && implicit.smtp?.security == .implicitTLS)
        let apart = try ChannelSettings(
            Settings([
                "VDXP_MONITORING_SMTP_HOST": "127.0.0.1", "VDXP_MONITORING_SMTP_PORT": "2525",
                "VDXP_MONITORING_SMTP_TLS": "none-loopback-only", "VDXP_MONITORING_SMTP_FROM": "a@vdxp.test",
            ]))
        #expect(apart.smtp?.port == 2525 && apart.smtp?.security == .noneLoopbackOnly)
    }

    @Test(
        "malformed or unsafe settings are refused, naming the variable",
        arguments: [
            (["VDXP_MONITORING_SMTP_URL": "smtp://relay.vdxp.gov.vn"], "VDXP_MONITORING_SMTP_FROM"),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtp://relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
                ], "none-loopback-only is refused"
            ),
            (
                [
                    "VDXP_MONITORING_SMTP_HOST": "127.relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
                ], "none-loopback-only is refused"
            ),
            (
                ["VDXP_MONITORING_SMTP_URL": "http://relay", "VDXP_MONITORING_SMTP_FROM": "a@b.vn"],
                "VDXP_MONITORING_SMTP_URL"
            ),
            (
                ["VDXP_MONITORING_SMTP_URL": "smtp://relay", "VDXP_MONITORING_SMTP_FROM": "not an address"],
                "VDXP_MONITORING_SMTP_FROM"
            ),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtp://relay", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_USERNAME": "vdxp",
                ], "VDXP_MONITORING_SMTP_PASSWORD_FILE"
            ),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtp://relay", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_USERNAME": "vdxp", "VDXP_MONITORING_SMTP_PASSWORD_FILE": "/nonexistent",
                ], "cannot be read"
            ),
            (["VDXP_MONITORING_SMTP_FROM": "a@b.vn"], "no relay is"),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtps://relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_TLS": "starttls",
                ], "contradicts VDXP_MONITORING_SMTP_URL"
            ),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtp://relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_TLS": "implicit",
                ], "contradicts VDXP_MONITORING_SMTP_URL"
            ),
            (
                [
                    "VDXP_MONITORING_SMTP_URL": "smtp://relay.vdxp.gov.vn", "VDXP_MONITORING_SMTP_FROM": "a@b.vn",
                    "VDXP_MONITORING_SMTP_PORT": "2525",
                ], "VDXP_MONITORING_SMTP_PORT are both set"
            ),
            (["VDXP_MONITORING_SMS_GATEWAY_URL": "http://sms.example.vn/send"], "only over HTTPS"),
            (["VDXP_MONITORING_SMS_GATEWAY_URL": "http://127.sms.example.vn/send"], "only over HTTPS"),
            (["VDXP_MONITORING_SMS_GATEWAY_URL": "sms.example.vn"], "VDXP_MONITORING_SMS_GATEWAY_URL"),
            (["VDXP_MONITORING_SMS_GATEWAY_TOKEN_FILE": "/x"], "VDXP_MONITORING_SMS_GATEWAY_URL is not"),
        ])
    func refused(values: [String: String], mentions: String) {
        let error = #expect(throws: SettingsError.self) { try ChannelSettings(Settings(values)) }
        #expect(error?.description.contains(mentions) == true, "\(error?.description ?? "")")
    }

    @Test(
        "a refused URL setting is shown without the credentials it may hold (settings errors reach the log)",
        arguments: [
            (["VDXP_MONITORING_SMTP_URL": "smtp://vdxp:S3cret-relay@relay.vdxp.gov.vn/x"], "S3cret-relay"),
            (["VDXP_MONITORING_SMS_GATEWAY_URL": "http://sms.example.vn/send?apikey=S3cret-key"], "S3cret-key"),
            (["VDXP_MONITORING_SMS_GATEWAY_URL": "ftp://u:S3cret-ftp@sms.example.vn/"], "S3cret-ftp"),
        ])
    func refusedWithoutCredentials(values: [String: String], secret: String) {
        let error = #expect(throws: SettingsError.self) { try ChannelSettings(Settings(values)) }
        #expect(error?.description.contains(secret) == false, "\(error?.description ?? "")")
        #expect(error?.description.contains("not shown") == true, "\(error?.description ?? "")")
    }
}
