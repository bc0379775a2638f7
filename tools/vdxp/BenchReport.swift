import Foundation

/// Every figure of one `vdxp bench send` run, printed for people and written with `--json`.
struct BenchReport: Codable, Sendable {
    /// One measured phase: sends, fetch + acknowledge, or status reports.
    struct Phase: Codable, Sendable {
        var count: Int
        var seconds: Double
        var perSecond: Double
        var latencyMs: LatencySummary
        /// CPU seconds per document of each process (`exchange`, `central`, `postgres`, and `client`: the load
        /// client, `vdxp bench` itself) during the phase.
        var cpuSecondsPerDocument: [String: Double]
        /// PostgreSQL's share of it by connection (`vdxp-exchange`, `vdxp-search`, …) or background process
        /// (`walwriter`, …): `PostgresBackendCPU`.
        var postgresCPUSecondsPerDocument: [String: Double] = [:]
        /// Exchange's commit groups of the phase's kind (`send`, `acknowledgement`, `status`), from its metrics.
        var commitGroups: CommitGroupFigures?
    }

    var count: Int
    var concurrency: Int
    var attachmentBytes: Int
    var cores = ProcessInfo.processInfo.activeProcessorCount
    var loadAverageBefore: Double
    var loadAverageAfter: Double = 0
    /// Resident memory of the services before the run (idle), in bytes.
    var idleRSSBytes: [String: Int]
    /// Highest resident memory of the services sampled during the sends and the fetches, in bytes.
    var peakRSSBytes: [String: Int] = [:]
    var pgbench: PgbenchBaseline.Result?
    var send: Phase?
    var fetchAcknowledge: Phase?
    /// The recipient's REGISTERED report of every document it acknowledged (`UpdateDocumentStatus`), as many in flight
    /// as sends.
    var statusReports: Phase?

    /// Durable sends per second ÷ pgbench transactions per second.
    var ratio: Double? {
        guard let send, let pgbench, pgbench.tps > 0 else { return nil }
        return send.perSecond / pgbench.tps
    }

    enum CodingKeys: String, CodingKey {
        case count, concurrency, attachmentBytes, cores, loadAverageBefore, loadAverageAfter, idleRSSBytes
        case peakRSSBytes, pgbench, send, fetchAcknowledge, statusReports, ratio
    }

    init(count: Int, concurrency: Int, attachmentBytes: Int, loadAverageBefore: Double, idleRSSBytes: [String: Int]) {
        self.count = count
        self.concurrency = concurrency
        self.attachmentBytes = attachmentBytes
        self.loadAverageBefore = loadAverageBefore
        self.idleRSSBytes = idleRSSBytes
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decode(Int.self, forKey: .count)
        concurrency = try container.decode(Int.self, forKey: .concurrency)
        attachmentBytes = try container.decode(Int.self, forKey: .attachmentBytes)
        cores = try container.decode(Int.self, forKey: .cores)
        loadAverageBefore = try container.decode(Double.self, forKey: .loadAverageBefore)
        loadAverageAfter = try container.decode(Double.self, forKey: .loadAverageAfter)
        idleRSSBytes = try container.decode([String: Int].self, forKey: .idleRSSBytes)
        peakRSSBytes = try container.decode([String: Int].self, forKey: .peakRSSBytes)
        pgbench = try container.decodeIfPresent(PgbenchBaseline.Result.self, forKey: .pgbench)
        send = try container.decodeIfPresent(Phase.self, forKey: .send)
        fetchAcknowledge = try container.decodeIfPresent(Phase.self, forKey: .fetchAcknowledge)
        statusReports = try container.decodeIfPresent(Phase.self, forKey: .statusReports)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(attachmentBytes, forKey: .attachmentBytes)
        try container.encode(cores, forKey: .cores)
        try container.encode(loadAverageBefore, forKey: .loadAverageBefore)
        try container.encode(loadAverageAfter, forKey: .loadAverageAfter)
        try container.encode(idleRSSBytes, forKey: .idleRSSBytes)
        try container.encode(peakRSSBytes, forKey: .peakRSSBytes)
        try container.encodeIfPresent(pgbench, forKey: .pgbench)
        try container.encodeIfPresent(send, forKey: .send)
        try container.encodeIfPresent(fetchAcknowledge, forKey: .fetchAcknowledge)
        try container.encodeIfPresent(statusReports, forKey: .statusReports)
        try container.encodeIfPresent(ratio, forKey: .ratio)
    }

    var text: String {
        func mib(_ bytes: Int?) -> String { bytes.map { String(format: "%.0f MiB", Double($0) / 1_048_576) } ?? "?" }
        func cpu(_ phase: Phase) -> String {
            phase.cpuSecondsPerDocument.sorted { $0.key < $1.key }.map {
                String(format: "%@ %.2f ms", $0.key, $0.value * 1000)
            }.joined(separator: ", ") + postgres(phase) + groups(phase)
        }
        func groups(_ phase: Phase) -> String {
            guard let groups = phase.commitGroups else { return "" }
            return String(
                format: "\n    commit groups: %d, %.1f writes and %.1f ms each on average", groups.groups,
                groups.meanSize, groups.meanMilliseconds)
        }
        func postgres(_ phase: Phase) -> String {
            let shares = phase.postgresCPUSecondsPerDocument.filter { $0.value >= 0.000_005 }
            guard !shares.isEmpty else { return "" }
            return "\n    of which PostgreSQL for: "
                + shares.sorted { $0.value > $1.value }.map {
                    String(format: "%@ %.2f ms", $0.key, $0.value * 1000)
                }.joined(separator: ", ")
        }
        var lines = [
            "\(count) documents, \(attachmentBytes) B attachment each, \(concurrency) in flight; "
                + "\(cores) cores, load average \(String(format: "%.1f", loadAverageBefore)) before, "
                + "\(String(format: "%.1f", loadAverageAfter)) after"
        ]
        if let pgbench {
            lines.append(
                String(format: "pgbench (same writes, one transaction per send): %.0f tps; ", pgbench.tps)
                    + pgbench.latencyMs.text
                    + (pgbench.postgresCPUSecondsPerTransaction.map {
                        String(format: "; postgres CPU %.2f ms per transaction", $0 * 1000)
                    } ?? "")
                    + (pgbench.clientCPUSecondsPerTransaction.map {
                        String(format: ", pgbench's own %.2f ms", $0 * 1000)
                    } ?? ""))
        }
        if let send {
            lines.append(String(format: "sends: %.0f durable sends/s; ", send.perSecond) + send.latencyMs.text)
            lines.append("  CPU per send: " + cpu(send))
        }
        if let ratio { lines.append(String(format: "ratio sends/s ÷ pgbench tps: %.2f×", ratio)) }
        if let fetchAcknowledge {
            lines.append(
                String(format: "fetch + acknowledge: %.0f deliveries/s; acknowledge ", fetchAcknowledge.perSecond)
                    + fetchAcknowledge.latencyMs.text)
            lines.append("  CPU per delivery: " + cpu(fetchAcknowledge))
        }
        if let statusReports {
            lines.append(
                String(format: "status reports (REGISTERED): %.0f reports/s; ", statusReports.perSecond)
                    + statusReports.latencyMs.text)
            lines.append("  CPU per report: " + cpu(statusReports))
        }
        for service in idleRSSBytes.keys.sorted() {
            lines.append(
                "\(service) RSS: \(mib(idleRSSBytes[service])) before, peak \(mib(peakRSSBytes[service])) under load")
        }
        return lines.joined(separator: "\n")
    }
}
