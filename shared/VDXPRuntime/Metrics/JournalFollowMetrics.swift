public import Foundation
public import Metrics
import SwiftProtobuf
public import VDXPProto

/// What a projection of Exchange's journal (Monitoring's connection tracking, Report's figures, Search's index) tells
/// the operator, per process (the `service` label comes from the scrape):
/// - `vdxp_journal_applied_sequence`: the sequence of the last entry it applied;
/// - `vdxp_journal_lag_seconds`: how long after Exchange recorded it the newest entry of the last batch was applied —
///   seconds while it follows live, hours while it catches up after an outage or a rebuild; it keeps its value while
///   no entry comes, which is right: there is nothing to be behind on;
/// - `vdxp_journal_follow_failures_total`: connections to the journal that ended in an error — Exchange unreachable,
///   or an entry the projection cannot apply, which it retries (backing off to 5 s) for as long as it fails, so that
///   the figures or the index stop there: alert `VDXPJournalFollowerFailing`.
public struct JournalFollowMetrics: Sendable {
    private let applied: Gauge
    private let lag: Gauge
    private let failures: Counter

    /// The metrics, from `factory` (the process's by default).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        applied = Gauge(label: "vdxp_journal_applied_sequence", factory: factory)
        lag = Gauge(label: "vdxp_journal_lag_seconds", factory: factory)
        failures = Counter(label: "vdxp_journal_follow_failures_total", factory: factory)
    }

    /// `batch` was applied at `now`.
    public func applied(_ batch: [Vdxp_Exchange_V1_JournalEntry], at now: Date) {
        guard let newest = batch.last else { return }
        applied.record(newest.sequence)
        lag.record(max(0, now.timeIntervalSince(newest.recordTime.date)))
    }

    /// A connection to the journal ended in an error.
    public func failed() {
        failures.increment()
    }
}
