import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Exchange's commit groups of one kind during a phase of `vdxp bench send`, from the histograms its `/metrics`
/// serves (`vdxp_exchange_commit_group_size`, `vdxp_exchange_commit_group_seconds`) read before and after the phase.
struct CommitGroupFigures: Codable, Sendable {
    /// Groups written during the phase.
    var groups: Int
    /// Writes per group, on average.
    var meanSize: Double
    /// Milliseconds per group, on average: from its start until every write of it has its outcome.
    var meanMilliseconds: Double

    /// The sums and counts of one kind's histograms at one moment.
    struct Reading: Sendable {
        var groups = 0.0
        var writes = 0.0
        var seconds = 0.0
    }

    /// What happened between `before` and `after`; nil when no group was written, or when either reading is missing
    /// (without the first, the figures would be the process's since it started).
    init?(from before: Reading?, to after: Reading?) {
        guard let before, let after else { return nil }
        let groups = after.groups - before.groups
        guard groups > 0 else { return nil }
        self.groups = Int(groups)
        meanSize = (after.writes - before.writes) / groups
        meanMilliseconds = (after.seconds - before.seconds) / groups * 1000
    }

    /// The reading of `kind` (`send`, `acknowledgement`, `status`) in Prometheus's text exposition `text`.
    static func reading(of kind: String, in text: String) -> Reading {
        var reading = Reading()
        let labels = "{kind=\"\(kind)\"} "
        for line in text.split(separator: "\n") {
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            if line.hasPrefix("vdxp_exchange_commit_group_size_count" + labels) { reading.groups = value }
            if line.hasPrefix("vdxp_exchange_commit_group_size_sum" + labels) { reading.writes = value }
            if line.hasPrefix("vdxp_exchange_commit_group_seconds_sum" + labels) { reading.seconds = value }
        }
        return reading
    }

    /// Reads `kind` from the metrics at `url` (Exchange's `/metrics`); nil when they cannot be read, so that the
    /// phase reports no groups rather than fail the run.
    static func read(_ kind: String, at url: URL?) async -> Reading? {
        guard let url, let (data, _) = try? await URLSession.shared.data(from: url) else { return nil }
        return reading(of: kind, in: String(decoding: data, as: UTF8.self))
    }
}
