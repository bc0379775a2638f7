import SwiftProtobuf
import Foundation

/// Starts the service executables in the background (they outlive `vdxp dev up`), records their process ids in
/// `<directory>/pids`, and stops them with SIGTERM (then SIGKILL after 10 s).
struct ProcessSupervisor {
    let directory: String

    var pidDirectory: String { directory + "/pids" }
    func logPath(_ service: String) -> String { directory + "/logs/\(service).log" }

    /// The folder holding the `vdxp-*` executables: the one `vdxp` itself runs from.
    static var binaryDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    func start(_ service: String, environment: [String: String]) throws {
        let executable = Self.binaryDirectory + "/vdxp-\(service)"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CLIError("\(executable) is missing: build everything first with `swift build`")
        }
        try FileManager.default.createDirectory(atPath: pidDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logPath(service), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath(service)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VDXP_") }
            .merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try String(process.processIdentifier).write(toFile: pidDirectory + "/\(service)", atomically: true, encoding: .utf8)
    }

    func pid(_ service: String) -> pid_t? {
        (try? String(contentsOfFile: pidDirectory + "/\(service)", encoding: .utf8)).flatMap {
            pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    func hasExited(_ service: String) throws -> Bool {
        guard let pid = pid(service) else { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return true }
        return kill(pid, 0) != 0
    }

    /// Stops every recorded service; returns how many were running.
    @discardableResult
    func stopAll() -> Int {
        let services = (try? FileManager.default.contentsOfDirectory(atPath: pidDirectory)) ?? []
        var running: [pid_t] = []
        for service in services {
            if let pid = pid(service), kill(pid, 0) == 0, kill(pid, SIGTERM) == 0 { running.append(pid) }
            try? FileManager.default.removeItem(atPath: pidDirectory + "/\(service)")
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, running.contains(where: { kill($0, 0) == 0 }) {
            for pid in running { var status: Int32 = 0; _ = waitpid(pid, &status, WNOHANG) }
            usleep(100_000)
        }
        for pid in running where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        return running.count
    }
}
