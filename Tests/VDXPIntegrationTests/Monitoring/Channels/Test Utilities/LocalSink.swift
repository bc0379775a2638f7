import Foundation
import VDXPLocalCluster

/// A real local server from `Tests/Sinks` — the SMTP relay (`smtp_sink.py`, aiosmtpd) or the SMS gateway
/// (`sms_sink.py`) — running for one test on a free loopback port, keeping what it receives as JSON files in a
/// temporary folder. The same scripts are what `vdxp dev up` runs.
struct LocalSink: Sendable {
    /// The loopback port it listens on.
    let port: Int
    /// Where it writes one JSON file per accepted message.
    let folder: String
    /// The certificate of an SMTP sink started with TLS (trust it to connect).
    let certificate: String

    /// Starts `script` with `arguments` (plus the folder and ready-file options), runs `body`, stops it. The sink
    /// keeps what it receives in `folder` if given (as `vdxp dev up` has it keep them under `.vdxp/dev/mail`), else
    /// in a temporary folder removed afterwards.
    static func with(
        _ script: String, folderOption: String, arguments: [String] = [], folder: String? = nil,
        _ body: (LocalSink) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-sink-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let python = try await pythonWithSinkPackages()
        var options = [
            RepositoryFiles.root.appendingPathComponent("Tests/Sinks/\(script)").path,
            folderOption, folder ?? directory + "/received", "--ready-file", directory + "/ready.json",
        ]
        if script == "smtp_sink.py" { options += ["--certificate-out", directory + "/relay.pem"] }
        let log = directory + "/log"
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let process = try ChildProcess.start(
            python, arguments: options + arguments, environment: environment, output: .file(log))
        do {
            try await run(
                process, log: log, script: script, directory: directory, folder: folder ?? directory + "/received", body
            )
        } catch {
            await process.stop()
            throw error
        }
        await process.stop()
    }

    private static func run(
        _ process: ChildProcess, log: String, script: String, directory: String, folder: String,
        _ body: (LocalSink) async throws -> Void
    ) async throws {
        // Python starting and importing aiosmtpd and cryptography takes a second alone, and more than 20 s once under
        // the whole suite's load on two cores (seen once): the wait is generous, a sink that cannot start still fails.
        let deadline = ContinuousClock.now + .seconds(60)
        var ready: [String: Any]?
        while ready == nil, ContinuousClock.now < deadline, process.isRunning {
            if let data = FileManager.default.contents(atPath: directory + "/ready.json") {
                ready = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let port = ready?["port"] as? Int else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw SinkDidNotStart(
                description: "\(script) did not start within 60 s (if aiosmtpd is missing, run "
                    + "scripts/install-dependencies.sh):\n\(output.suffix(2000))")
        }
        try await body(LocalSink(port: port, folder: folder, certificate: directory + "/relay.pem"))
    }

    /// Every message received so far, oldest first.
    func received() throws -> [[String: Any]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    struct SinkDidNotStart: Error, CustomStringConvertible {
        let description: String
    }

    /// The `.venv` Python with aiosmtpd and cryptography (scripts/install-dependencies.sh prepares it).
    static func pythonWithSinkPackages() async throws -> String {
        let venv = RepositoryFiles.root.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: venv) else {
            throw SinkDidNotStart(
                description: "no \(venv): run scripts/install-dependencies.sh (it installs aiosmtpd into .venv)")
        }
        return venv
    }
}
