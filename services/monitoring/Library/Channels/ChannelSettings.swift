import Foundation
import NIOSSL
import VDXPRuntime

/// The settings of the e-mail and SMS channels (Art. 19.2), read once at start-up from `VDXP_MONITORING_*`
/// environment variables (or the flags of the same name, see `Settings`). A channel whose address is not set is
/// off: ``smtp`` or ``sms`` is nil.
///
/// E-mail over SMTP:
/// - `VDXP_MONITORING_SMTP_URL`: the relay, `smtp://host[:port]` (STARTTLS, default port 587) or
///   `smtps://host[:port]` (implicit TLS, default port 465). Or give `VDXP_MONITORING_SMTP_HOST` and
///   `VDXP_MONITORING_SMTP_PORT` (default 587).
/// - `VDXP_MONITORING_SMTP_TLS`: `starttls` (default for smtp://: STARTTLS required, a relay without it is refused),
///   `implicit` (default for smtps://), or `none-loopback-only` (plaintext, refused unless the relay is on the
///   loopback interface: the development sink).
/// - `VDXP_MONITORING_SMTP_FROM`: the sender, `canhbao@vdxp.gov.vn` or `Trục liên thông <canhbao@vdxp.gov.vn>`.
///   Required with a relay.
/// - `VDXP_MONITORING_SMTP_USERNAME` and `VDXP_MONITORING_SMTP_PASSWORD_FILE` (a file holding the password, e.g. a
///   mounted Secret): AUTH PLAIN or LOGIN when the relay offers them. Both or neither.
/// - `VDXP_MONITORING_SMTP_CA_FILE`: PEM certificate authorities the relay's certificate must chain to; default
///   the system's.
/// - `VDXP_MONITORING_SMTP_CLIENT_NAME`: the name given in EHLO; default this machine's host name.
/// - `VDXP_MONITORING_SMTP_TIMEOUT_SECONDS`: the longest wait for the connection and for each reply, 1 to 600;
///   default 30.
///
/// SMS through an HTTP gateway:
/// - `VDXP_MONITORING_SMS_GATEWAY_URL`: the URL messages are POSTed to; `https://`, or `http://` for a loopback
///   gateway only.
/// - `VDXP_MONITORING_SMS_GATEWAY_TOKEN_FILE`: a file holding the bearer token, when the gateway wants one.
/// - `VDXP_MONITORING_SMS_GATEWAY_TIMEOUT_SECONDS`: the longest a request may take, 1 to 600; default 15.
struct ChannelSettings: Sendable {
    /// The e-mail relay; nil: no e-mail channel.
    var smtp: SMTPSettings?
    /// The SMS gateway; nil: no SMS channel.
    var sms: SMSGatewaySettings?

    /// Channel settings given directly (tests).
    init(smtp: SMTPSettings?, sms: SMSGatewaySettings?) {
        self.smtp = smtp
        self.sms = sms
    }

    /// Reads the settings above; throws naming the first one that is malformed or inconsistent, and what to write.
    init(_ settings: Settings) throws(SettingsError) {
        smtp = try Self.smtp(settings)
        sms = try Self.sms(settings)
    }

    /// A URL setting as an error or a log line may show it: without its user, password, query and fragment, which may
    /// hold credentials (an SMS gateway's API key in its query, a relay's password in its user part). Settings
    /// errors reach the container's log.
    static func shown(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.scheme != nil else {
            return "(\(text.count) characters, not shown: not a URL)"
        }
        let hidden = url.user != nil || url.password != nil || url.query != nil || url.fragment != nil
        url.user = nil
        url.password = nil
        url.query = nil
        url.fragment = nil
        return (url.string ?? "") + (hidden ? " (its user, password and query not shown)" : "")
    }

    private static func smtp(_ settings: Settings) throws(SettingsError) -> SMTPSettings? {
        var host = settings.optional("MONITORING_SMTP_HOST")
        var port = try settings.integer("MONITORING_SMTP_PORT", default: 587, in: 1...65535)
        var security = SMTPSettings.Security.startTLS
        var urlScheme: String?
        if let text = settings.optional("MONITORING_SMTP_URL") {
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
                scheme == "smtp" || scheme == "smtps", let urlHost = url.host, !urlHost.isEmpty,
                url.path.isEmpty || url.path == "/", url.user == nil
            else {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_URL=\(Self.shown(text)) is not valid: write smtp://host[:port] (STARTTLS) or "
                        + "smtps://host[:port] (implicit TLS); give credentials in VDXP_MONITORING_SMTP_USERNAME and "
                        + "VDXP_MONITORING_SMTP_PASSWORD_FILE")
            }
            for name in ["HOST", "PORT"] where settings.optional("MONITORING_SMTP_" + name) != nil {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_URL and VDXP_MONITORING_SMTP_\(name) are both set: name the relay once, in "
                        + "the URL or in VDXP_MONITORING_SMTP_HOST and VDXP_MONITORING_SMTP_PORT")
            }
            urlScheme = scheme
            host = urlHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            security = scheme == "smtps" ? .implicitTLS : .startTLS
            port = url.port ?? (scheme == "smtps" ? 465 : 587)
        }
        guard let host else {
            for name in ["FROM", "USERNAME", "PASSWORD_FILE", "TLS"]
            where settings.optional("MONITORING_SMTP_" + name) != nil {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_\(name) is set but no relay is: give VDXP_MONITORING_SMTP_URL "
                        + "(smtp://host:587 or smtps://host:465) or VDXP_MONITORING_SMTP_HOST")
            }
            return nil
        }
        if let text = settings.optional("MONITORING_SMTP_TLS") {
            guard let chosen = SMTPSettings.Security(rawValue: text.lowercased()) else {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_TLS=\(text) is not valid: write starttls, implicit or none-loopback-only")
            }
            // smtps:// is implicit TLS; smtp:// is STARTTLS, or plaintext on loopback.
            if let urlScheme, (urlScheme == "smtps") != (chosen == .implicitTLS) {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_TLS=\(text) contradicts VDXP_MONITORING_SMTP_URL's \(urlScheme)://: smtps:// "
                        + "is implicit TLS, smtp:// STARTTLS (or none-loopback-only); make them agree, or leave "
                        + "VDXP_MONITORING_SMTP_TLS out")
            }
            security = chosen
        }
        if security == .noneLoopbackOnly, !SMTPSettings.isLoopback(host) {
            throw SettingsError(
                "VDXP_MONITORING_SMTP_TLS=none-loopback-only is refused for the relay \(host): e-mail leaves this "
                    + "machine only over TLS; write starttls or implicit")
        }
        let fromText = try settings.required("MONITORING_SMTP_FROM", "the sender address of notification e-mails")
        let from: SMTPMailbox
        do {
            from = try SMTPMailbox(fromText)
        } catch {
            throw SettingsError("VDXP_MONITORING_SMTP_FROM: \(error)")
        }
        let username = settings.optional("MONITORING_SMTP_USERNAME")
        let passwordFile = settings.optional("MONITORING_SMTP_PASSWORD_FILE")
        var credentials: SMTPCredentials?
        switch (username, passwordFile) {
        case (let username?, let passwordFile?):
            credentials = SMTPCredentials(
                username: username, password: try secret(passwordFile, setting: "MONITORING_SMTP_PASSWORD_FILE"))
        case (nil, nil):
            credentials = nil
        default:
            throw SettingsError(
                "give both VDXP_MONITORING_SMTP_USERNAME and VDXP_MONITORING_SMTP_PASSWORD_FILE, or neither")
        }
        let caFile = settings.optional("MONITORING_SMTP_CA_FILE")
        if let caFile {
            do {
                _ = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw SettingsError(
                    "VDXP_MONITORING_SMTP_CA_FILE=\(caFile) cannot be read as PEM certificates: \(error)")
            }
        }
        let clientName =
            settings.optional("MONITORING_SMTP_CLIENT_NAME") ?? ProcessInfo.processInfo.hostName
        return SMTPSettings(
            host: host, port: port, security: security, from: from, credentials: credentials, trustRootsPath: caFile,
            clientName: clientName.isEmpty ? "vdxp-monitoring" : clientName,
            stepTimeout: .seconds(try settings.integer("MONITORING_SMTP_TIMEOUT_SECONDS", default: 30, in: 1...600)))
    }

    private static func sms(_ settings: Settings) throws(SettingsError) -> SMSGatewaySettings? {
        guard let text = settings.optional("MONITORING_SMS_GATEWAY_URL") else {
            if settings.optional("MONITORING_SMS_GATEWAY_TOKEN_FILE") != nil {
                throw SettingsError(
                    "VDXP_MONITORING_SMS_GATEWAY_TOKEN_FILE is set but VDXP_MONITORING_SMS_GATEWAY_URL is not: give "
                        + "the gateway's URL")
            }
            return nil
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
        else {
            throw SettingsError(
                "VDXP_MONITORING_SMS_GATEWAY_URL=\(Self.shown(text)) is not valid: write https://host[:port]/path")
        }
        if scheme == "http", !SMTPSettings.isLoopback(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) {
            throw SettingsError(
                "VDXP_MONITORING_SMS_GATEWAY_URL=\(Self.shown(text)) is refused: telephone numbers and texts leave this machine "
                    + "only over HTTPS; http:// is for a gateway on the loopback interface")
        }
        var token: String?
        if let path = settings.optional("MONITORING_SMS_GATEWAY_TOKEN_FILE") {
            token = try secret(path, setting: "MONITORING_SMS_GATEWAY_TOKEN_FILE")
        }
        return SMSGatewaySettings(
            url: text, bearerToken: token,
            timeout: .seconds(
                try settings.integer("MONITORING_SMS_GATEWAY_TIMEOUT_SECONDS", default: 15, in: 1...600)))
    }

    /// The content of a secret file without its trailing line break; throws if it is missing or empty.
    private static func secret(_ path: String, setting: String) throws(SettingsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("VDXP_\(setting)=\(path): the file cannot be read; mount the secret there")
        }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw SettingsError("VDXP_\(setting)=\(path): the file is empty") }
        return value
    }
}
