import Foundation

/// The real local mail relay and SMS gateway of `vdxp dev up` (issue 12): `Tests/Sinks/smtp_sink.py` (aiosmtpd) keeps
/// every e-mail under `<directory>/mail/`, `Tests/Sinks/sms_sink.py` (Python's http.server) every SMS under
/// `<directory>/sms/`, each as a `.json` file a person can read (`vdxp mail`). Monitoring is pointed at them, so the
/// notices it sends by e-mail and SMS (Art. 9.2, 19.2) are really delivered and can be seen.
struct DevSinks: Codable {
    /// The relay's `host:port` (plaintext on loopback: `VDXP_MONITORING_SMTP_TLS=none-loopback-only`).
    var smtp: String
    /// Where the relay writes what it receives.
    var mailDirectory: String
    /// The URL Monitoring POSTs SMS to.
    var smsGateway: String
    /// Where the gateway writes what it accepts.
    var smsDirectory: String

    enum CodingKeys: String, CodingKey {
        case smtp
        case mailDirectory = "mail_directory"
        case smsGateway = "sms_gateway"
        case smsDirectory = "sms_directory"
    }

    /// The fixed loopback ports of the local platform's relay and gateway (beside Monitoring's 7300–7303).
    static let smtpPort = 7325
    static let smsPort = 7326

    /// The sender of the local platform's notification e-mails.
    static let sender = "Trục liên thông văn bản quốc gia (phát triển) <canhbao@vdxp.test>"

    /// The names the relay and the gateway run under in the supervisor's folder (`pids/mail-sink`, `logs/sms-sink.log`),
    /// so that `vdxp mail sinks stop` stops them and nothing else `vdxp dev up` started there.
    static let processNames = ["mail-sink", "sms-sink"]

    /// Starts both sinks under `supervisor` (so `vdxp dev down` stops them) and waits until they listen. Returns nil,
    /// after saying why, when the checkout's scripts or its `.venv` with aiosmtpd are not found: the platform then
    /// runs without e-mail and SMS channels.
    static func start(
        root: String, supervisor: ProcessSupervisor, out: Output, smtpPort: Int = DevSinks.smtpPort,
        smsPort: Int = DevSinks.smsPort
    ) async throws -> DevSinks? {
        guard let checkout = checkoutFolder() else {
            out.line(
                "! no local mail relay and SMS gateway: Tests/Sinks/smtp_sink.py was not found above this vdxp or "
                    + "in the current folder; Monitoring runs without e-mail and SMS")
            return nil
        }
        let python = checkout + "/.venv/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            out.line(
                "! no local mail relay and SMS gateway: \(python) is missing; run scripts/install-dependencies.sh "
                    + "(it installs aiosmtpd into .venv)")
            return nil
        }
        // The supervisor writes each process's log under <root>/logs (`vdxp dev up` has made it; `vdxp mail sinks`
        // may be the first to use the folder).
        try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
        let sinks = DevSinks(
            smtp: "127.0.0.1:\(smtpPort)", mailDirectory: root + "/mail",
            smsGateway: "http://127.0.0.1:\(smsPort)/sms", smsDirectory: root + "/sms")
        for (name, script, arguments) in [
            (processNames[0], "smtp_sink.py", ["--port", "\(smtpPort)", "--maildir", sinks.mailDirectory]),
            (processNames[1], "sms_sink.py", ["--port", "\(smsPort)", "--smsdir", sinks.smsDirectory]),
        ] {
            let ready = root + "/\(name).ready"
            try? FileManager.default.removeItem(atPath: ready)
            out.step("starting the local \(name == processNames[0] ? "mail relay" : "SMS gateway") (\(script))")
            try supervisor.start(
                name, executable: python,
                arguments: [checkout + "/Tests/Sinks/" + script] + arguments + ["--ready-file", ready],
                environment: ["PYTHONDONTWRITEBYTECODE": "1"])
            let deadline = ContinuousClock.now + .seconds(20)
            while !FileManager.default.fileExists(atPath: ready) {
                if try supervisor.hasExited(name) || ContinuousClock.now > deadline {
                    throw CLIError(
                        "the local \(name) did not start (is port \(arguments[1]) free?); see "
                            + supervisor.logPath(name))
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        out.done("mail relay at smtp://\(sinks.smtp) keeping e-mail in \(sinks.mailDirectory)")
        out.done("SMS gateway at \(sinks.smsGateway) keeping SMS in \(sinks.smsDirectory)")
        return sinks
    }

    /// Monitoring's channel settings pointing at the sinks.
    var monitoringEnvironment: [String: String] {
        [
            "VDXP_MONITORING_SMTP_URL": "smtp://\(smtp)",
            "VDXP_MONITORING_SMTP_TLS": "none-loopback-only",
            "VDXP_MONITORING_SMTP_FROM": Self.sender,
            "VDXP_MONITORING_SMS_GATEWAY_URL": smsGateway,
        ]
    }

    /// The checkout holding `Tests/Sinks`: the nearest folder above the running vdxp (a build folder inside the
    /// checkout), else the current folder.
    static func checkoutFolder() -> String? {
        var candidates: [URL] = []
        if let executable = ServiceExecutables.runningExecutable() {
            var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
            while folder.path != "/" {
                candidates.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return candidates.map(\.path).first {
            FileManager.default.fileExists(atPath: $0 + "/Tests/Sinks/smtp_sink.py")
        }
    }
}
