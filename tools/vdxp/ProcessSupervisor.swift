import Foundation
import SwiftProtobuf
import VDXPLocalCluster

/// Starts the service executables in the background (they outlive `vdxp dev up`), records their process ids in
/// `<directory>/pids`, and stops them with SIGTERM (then SIGKILL after 10 s).
struct ProcessSupervisor {
    let directory: String

    var pidDirectory: String { directory + "/pids" }
    func logPath(_ service: String) -> String { directory + "/logs/\(service).log" }

    /// Starts `executable` (from ``ServiceExecutables/locate(_:)``, or a helper such as the local mail relay) as
    /// `service` with `arguments`, its output going to ``logPath(_:)``.
    func start(_ service: String, executable: String, arguments: [String] = [], environment: [String: String]) throws {
        try FileManager.default.createDirectory(atPath: pidDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logPath(service), contents: nil)
        // In a process group of its own: a Ctrl-C in the terminal that ran `vdxp dev up` does not reach it.
        let process = try ChildProcess.start(
            executable, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VDXP_") }
                .merging(environment) { $1 },
            output: .file(logPath(service)), newProcessGroup: true)
        try String(process.processIdentifier).write(
            toFile: pidDirectory + "/\(service)", atomically: true, encoding: .utf8)
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
        stop((try? FileManager.default.contentsOfDirectory(atPath: pidDirectory)) ?? [])
    }

    /// Stops the recorded `services` and no other; returns how many were running.
    @discardableResult
    func stop(_ services: [String]) -> Int {
        var running: [pid_t] = []
        for service in services {
            if let pid = pid(service), kill(pid, 0) == 0, kill(pid, SIGTERM) == 0 { running.append(pid) }
            try? FileManager.default.removeItem(atPath: pidDirectory + "/\(service)")
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, running.contains(where: { kill($0, 0) == 0 }) {
            for pid in running {
                var status: Int32 = 0
                _ = waitpid(pid, &status, WNOHANG)
            }
            usleep(100_000)
        }
        for pid in running where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        return running.count
    }
}

/// Finds the `vdxp-<service>` executables that `vdxp dev up` starts.
///
/// They are built and shipped together with `vdxp`, so they are looked for beside it first: beside the real file of
/// the running `vdxp` (symbolic links resolved, so a `vdxp` linked into `~/bin` still finds its build folder), then
/// beside the path it was invoked by (a folder of links), then in every folder on `PATH`. The current directory
/// plays no part unless it is one of those.
enum ServiceExecutables {
    /// The path of every service's executable, by service name; throws naming the folders searched if one is
    /// missing, before anything is started.
    static func locate(_ services: [String]) throws -> [String: String] {
        let beside = foldersBesideVDXP()
        let folders = beside + pathFolders().filter { !beside.contains($0) }
        var found: [String: String] = [:]
        var missing: [String] = []
        for service in services {
            let name = "vdxp-\(service)"
            if let folder = folders.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/" + name) }) {
                found[service] = folder + "/" + name
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty else {
            let searched =
                beside.isEmpty ? "vdxp's own folder is unknown" : "looked in " + beside.joined(separator: ", ")
            throw CLIError(
                """
                \(missing.joined(separator: ", ")) not found beside vdxp (\(searched)) nor on PATH. \
                The services are built with vdxp: run `swift build` (or `swift build -c release`) in the checkout, \
                then use the vdxp of that build folder (e.g. .build/debug/vdxp), or put the folder holding \
                vdxp-central … vdxp-search on PATH.
                """)
        }
        return found
    }

    /// The folders of the running `vdxp`, in the order searched, without duplicates: its real file's, then the
    /// invoked path's (unresolved and resolved).
    static func foldersBesideVDXP() -> [String] {
        var folders: [String] = []
        func add(_ path: String?) {
            guard let path else { return }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
            if !folders.contains(folder) { folders.append(folder) }
        }
        add(runningExecutable())
        let invoked = invokedPath()
        add(invoked)
        add(invoked.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path })
        return folders
    }

    /// The real path of the running executable: `/proc/self/exe` where there is one (Linux), else the invoked path
    /// with symbolic links resolved.
    static func runningExecutable() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            FileManager.default.isExecutableFile(atPath: path)  // not "… (deleted)" after a rebuild
        {
            return path
        }
        return invokedPath().map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }

    /// `argv[0]` as a path: as given when it names a file (relative to the current directory if it is relative),
    /// else the first executable of that name on `PATH`, as a shell would have found it.
    static func invokedPath() -> String? {
        guard let argument = CommandLine.arguments.first, !argument.isEmpty else { return nil }
        if argument.contains("/") {
            return URL(fileURLWithPath: argument).standardizedFileURL.path
        }
        return pathFolders().map { $0 + "/" + argument }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The folders of `PATH`, absolute (an empty entry means the current directory, as for the shell).
    static func pathFolders() -> [String] {
        guard let path = ProcessInfo.processInfo.environment["PATH"], !path.isEmpty else { return [] }
        return path.split(separator: ":", omittingEmptySubsequences: false).map { entry in
            URL(fileURLWithPath: entry.isEmpty ? "." : String(entry)).standardizedFileURL.path
        }
    }
}
