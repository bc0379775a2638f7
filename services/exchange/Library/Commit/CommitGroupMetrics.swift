import Prometheus
import VDXPRuntime

/// What Exchange tells Prometheus of one kind of commit group (`kind`: `send`, `acknowledgement`, `status`), so that
/// an operator sees how well concurrent writes share their commits and tunes `VDXP_EXCHANGE_COMMIT_GROUP_*` from
/// that:
///
/// - `vdxp_exchange_commit_group_size{kind}` (histogram): the writes in each group — 1 when calls come one at a time,
///   up to `VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS` under a burst. Its `_sum` over its `_count` is the mean group.
/// - `vdxp_exchange_commit_group_seconds{kind}` (histogram): from the group's start (after its window) until every
///   write of it has its outcome — the transaction, its statements and the durable commit, and the writes again one
///   by one when the group failed.
struct CommitGroupMetrics: Sendable {
    /// The writes a committer groups: the value of the `kind` label.
    enum Kind: String, Sendable {
        /// New documents (`SendCommitter`).
        case send
        /// Acknowledgements (`AcknowledgementCommitter`).
        case acknowledgement
        /// Status reports and rejections (`StatusCommitter`).
        case status
    }

    private let size: ValueHistogram
    private let duration: DurationHistogram

    /// The size buckets: powers of two up to the largest group the settings allow (1,024).
    static let sizeBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    /// The duration buckets: a commit takes ~1–5 ms on a local disk, a group under load tens of milliseconds.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
    ]

    /// The metrics of `kind` in `registry` (the process's, which `GET /metrics` serves).
    init(kind: Kind, registry: PrometheusCollectorRegistry = ServiceHost.registry) {
        size = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "vdxp", subsystem: "exchange", metricName: "commit_group", unitName: "size",
                helpText: "Writes per commit group."),
            labels: [("kind", kind.rawValue)], buckets: Self.sizeBuckets)
        duration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "vdxp", subsystem: "exchange", metricName: "commit_group", unitName: "seconds",
                helpText: "Time from a commit group's start until each of its writes has its outcome."),
            labels: [("kind", kind.rawValue)], buckets: Self.durationBuckets)
    }

    /// Records a group of `writes` that took `elapsed`.
    func record(writes: Int, elapsed: Duration) {
        size.record(Double(writes))
        duration.record(elapsed)
    }
}
