import Foundation
import Histogram
import Synchronization
import VDXPCore

/// A latency distribution in microseconds (HdrHistogram, three significant digits, up to ten minutes).
struct LatencyRecorder: Sendable {
    private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)

    mutating func record(_ duration: Duration) {
        record(microseconds: UInt64(max(1, duration.timeInterval * 1_000_000)))
    }

    mutating func record(microseconds: UInt64) {
        _ = histogram.record(min(microseconds, 600_000_000))
    }

    /// Adds every latency `other` recorded.
    mutating func add(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
    }

    /// p50, p90, p99 and max, in milliseconds.
    var summary: LatencySummary {
        func ms(_ value: UInt64) -> Double { Double(value) / 1000 }
        return LatencySummary(
            count: Int(histogram.totalCount), p50: ms(histogram.valueAtPercentile(50)),
            p90: ms(histogram.valueAtPercentile(90)), p99: ms(histogram.valueAtPercentile(99)),
            max: ms(histogram.max), mean: histogram.mean / 1000)
    }
}

/// A latency distribution as reported: milliseconds.
struct LatencySummary: Codable, Sendable {
    var count: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var mean: Double

    var text: String {
        String(format: "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p90, p99, max)
    }
}

/// CPU time and memory of a running process, read from `/proc` (Linux).
enum ProcessFigures {
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The fields of `/proc/<pid>/stat` after the command name: [0] is the state, [1] the parent, [11] utime,
    /// [12] stime, [13] cutime, [14] cstime (clock ticks).
    static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// User + system CPU seconds the process used; with `children`, also those of its waited-for children.
    static func cpuSeconds(_ pid: pid_t, children: Bool = false) -> Double? {
        guard let fields = statFields(pid), fields.count > 14 else { return nil }
        let range = children ? 11...14 : 11...12
        return range.reduce(0.0) { $0 + (Double(fields[$1]) ?? 0) } / ticksPerSecond
    }

    /// A value of `/proc/<pid>/status` in bytes (`VmRSS`, `VmHWM`).
    static func statusBytes(_ pid: pid_t, _ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let number = line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ")
            return number.first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// The processes whose parent is `parent`.
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            statFields(pid).map { $0.count > 1 && pid_t($0[1]) == parent } ?? false
        }
    }

    /// CPU seconds of a PostgreSQL server: the postmaster, its reaped children and its live backends.
    static func postgresCPUSeconds(postmaster: pid_t) -> Double? {
        guard let own = cpuSeconds(postmaster, children: true) else { return nil }
        return children(of: postmaster).reduce(own) { $0 + (cpuSeconds($1) ?? 0) }
    }

    /// The 1-minute load average.
    static func loadAverage() -> Double {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap {
            Double($0)
        } ?? 0
    }
}

/// The processes of a platform started by `vdxp dev up`, found by the pid files it keeps beside its cluster file.
struct PlatformProcesses: Sendable {
    var services: [String: pid_t]
    var postmaster: pid_t?

    init(clusterFile: String, services names: [String]) {
        let root = URL(fileURLWithPath: clusterFile).deletingLastPathComponent().path
        let supervisor = ProcessSupervisor(directory: root)
        var services: [String: pid_t] = [:]
        for name in names { if let pid = supervisor.pid(name), kill(pid, 0) == 0 { services[name] = pid } }
        self.services = services
        self.postmaster = (try? String(contentsOfFile: root + "/postgres/data/postmaster.pid", encoding: .utf8))
            .flatMap { $0.split(separator: "\n").first.flatMap { pid_t($0) } }
    }

    /// The platform of the cluster file at `path`, its Exchange first restarted with `exchangeSettings` when there are
    /// any (``ExchangeRestart``), and the processes of its six services and PostgreSQL.
    static func load(
        clusterFile path: String, restartingExchangeWith exchangeSettings: [String]
    ) async throws -> (ClusterFile, PlatformProcesses) {
        let cluster = try ClusterFile.load(path)
        if !exchangeSettings.isEmpty {
            try await ExchangeRestart.restart(clusterFile: path, cluster: cluster, settings: exchangeSettings)
        }
        let processes = PlatformProcesses(
            clusterFile: path, services: Dev.services)
        return (cluster, processes)
    }

    /// CPU seconds so far of each service, of PostgreSQL (`postgres`) and of this process, the load client
    /// (`client`: its TLS, HTTP/2 and gRPC calls share the same cores as the platform).
    func cpu() -> [String: Double] {
        var seconds: [String: Double] = [:]
        for (name, pid) in services { seconds[name] = ProcessFigures.cpuSeconds(pid) }
        seconds["client"] = ProcessFigures.cpuSeconds(getpid())
        if let postmaster { seconds["postgres"] = ProcessFigures.postgresCPUSeconds(postmaster: postmaster) }
        return seconds
    }

    /// Resident memory now of each service, in bytes.
    func rss() -> [String: Int] {
        services.compactMapValues { ProcessFigures.statusBytes($0, "VmRSS") }
    }
}

/// Samples the services' resident memory every 100 ms while a phase runs, keeping the peak of each.
final class PeakMemorySampler: Sendable {
    private let peaks = Mutex<[String: Int]>([:])
    let processes: PlatformProcesses

    init(_ processes: PlatformProcesses) { self.processes = processes }

    var peak: [String: Int] { peaks.withLock { $0 } }

    func sample() {
        let now = processes.rss()
        peaks.withLock { peaks in
            for (name, bytes) in now { peaks[name] = max(peaks[name] ?? 0, bytes) }
        }
    }

    /// Runs `body` while sampling.
    func during<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        sample()
        let task = Task {
            while !Task.isCancelled {
                sample()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { task.cancel() }
        let result = try await body()
        sample()
        return result
    }
}

/// A progress bar on standard error: `label [#####-----] done/total rate/s`, redrawn every 200 ms.
final class ProgressBar: Sendable {
    private let done = Atomic<Int>(0)
    private let label: String
    private let total: Int
    private let start = ContinuousClock.now
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ label: String, total: Int) {
        self.label = label
        self.total = total
        let task = Task { [weak self] in
            while !Task.isCancelled {
                self?.draw()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        self.task.withLock { $0 = task }
    }

    func advance(by count: Int = 1) { done.add(count, ordering: .relaxed) }

    private func draw(final: Bool = false) {
        let done = self.done.load(ordering: .relaxed)
        let width = 30
        let filled = total == 0 ? width : min(width, done * width / total)
        let elapsed = (ContinuousClock.now - start).timeInterval
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let line = String(
            format: "\r%@ [%@%@] %d/%d %.0f/s%@", label, String(repeating: "#", count: filled),
            String(repeating: "-", count: width - filled), done, total, rate, final ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Stops redrawing and draws the final state.
    func finish() {
        task.withLock { $0?.cancel() }
        draw(final: true)
    }
}

/// Restarts the Exchange of a platform started by `vdxp dev up` with other settings (the variables it was started
/// with, the tunables of docs/operations.md reset, then `settings` applied), and waits until it serves: how the
/// harness compares settings on one platform — e.g. commit groups and the chain cache off, as before them, or
/// another number of event loops (`VDXP_EVENT_LOOPS`).
enum ExchangeRestart {
    static let tunables = [
        "VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS", "VDXP_EXCHANGE_COMMIT_GROUP_BYTES",
        "VDXP_EXCHANGE_COMMIT_GROUP_WINDOW_MICROSECONDS", "VDXP_EXCHANGE_COMMIT_GROUPS",
        "VDXP_EXCHANGE_CHAIN_CACHE_SIZE", "VDXP_EVENT_LOOPS",
    ]

    static func restart(clusterFile path: String, cluster: ClusterFile, settings: [String]) async throws {
        var overrides: [String: String] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("VDXP_EXCHANGE_") || tunables.contains(String(parts[0]))
            else {
                throw CLIError("--exchange-setting \(setting): write VDXP_EXCHANGE_NAME=value or VDXP_EVENT_LOOPS=n")
            }
            overrides[String(parts[0])] = String(parts[1])
        }
        let root = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let supervisor = ProcessSupervisor(directory: root)
        guard let pid = supervisor.pid("exchange"), kill(pid, 0) == 0,
            let linked = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
            let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
        else { throw CLIError("no running vdxp-exchange recorded under \(root)/pids: run `vdxp dev up` first") }
        // A binary rebuilt since Exchange started reads "… (deleted)": start the new one at the same path.
        let executable = linked.hasSuffix(" (deleted)") ? String(linked.dropLast(" (deleted)".count)) : linked
        var environment: [String: String] = [:]
        for entry in environ.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        for tunable in tunables { environment[tunable] = nil }
        environment.merge(overrides) { $1 }

        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(30)
        // Stopped once gone, or a zombie nobody reaped yet.
        while kill(pid, 0) == 0, ProcessFigures.statFields(pid)?.first != "Z" {
            guard ContinuousClock.now < deadline else { throw CLIError("vdxp-exchange (\(pid)) did not stop") }
            try await Task.sleep(for: .milliseconds(100))
        }
        FileHandle.standardError.write(
            Data(
                "restarting vdxp-exchange with \(overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))\n"
                    .utf8))
        try supervisor.start("exchange", executable: executable, environment: environment)
        try await Dev.waitForHealth(cluster, service: "exchange", out: Output(json: true), supervisor: supervisor)
    }
}

extension LatencyRecorder {
    /// Runs `call(index)` for every index below `count`, `concurrency` at a time (a new call as soon as one
    /// answers), advancing `progress` at each answer; the latency of every call.
    static func timing(
        _ count: Int, concurrency: Int, progress: ProgressBar,
        _ call: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> LatencyRecorder {
        try await withThrowingTaskGroup(of: Duration.self) { group in
            var latencies = LatencyRecorder()
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let start = ContinuousClock.now
                    try await call(index)
                    return ContinuousClock.now - start
                }
            }
            while next < min(concurrency, count) { add() }
            while let latency = try await group.next() {
                latencies.record(latency)
                progress.advance()
                if next < count { add() }
            }
            return latencies
        }
    }
}
