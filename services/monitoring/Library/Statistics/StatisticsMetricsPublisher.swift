import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import VDXPRuntime

/// Publishes the operational statistics as Prometheus metrics on the service's metrics endpoint
/// (`VDXP_METRICS_ADDRESS`, `GET /metrics`), read from Monitoring's own tables every `interval`, so that
/// every replica shows the same platform-wide figures whichever of them followed the journal:
/// - `vdxp_monitoring_operations_total{organisation_id, operation}` — counter: operations since the statistics began;
/// - `vdxp_monitoring_operation_failures_total{organisation_id, operation}` — counter: those that failed;
/// - `vdxp_monitoring_operation_latency_seconds{organisation_id, operation, quantile}` — gauge, for the operations
///   with a latency (``OperationSample/timedOperations``): the 0.5, 0.95 and 0.99 quantiles of the latencies of the
///   last `latencyWindow` (NaN when there were none).
///
/// Labels stay bounded: `operation` is one of Exchange's event types or `other` (``OperationSample/operations``);
/// `organisation_id` is one of at most `memberLimit` members (``MemberLabels``), the rest summed under `other`.
/// Also deletes the per-minute rows past their retention.
struct StatisticsMetricsPublisher: Service {
    let statistics: OperationStatisticsStore
    let memberLimit: Int
    let interval: Duration
    let latencyWindow: TimeInterval = 15 * 60
    let clock: WallClock
    let logger: Logger

    /// The labels and the counts already published, carried from round to round.
    final class Published: Sendable {
        let state: Mutex<(labels: MemberLabels, counts: [OperationKey: Int64], failures: [OperationKey: Int64])>

        init(memberLimit: Int) {
            state = Mutex((MemberLabels(limit: memberLimit), [:], [:]))
        }
    }

    func run() async throws {
        let published = Published(memberLimit: memberLimit)
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot publish the operational statistics") {
            try await publish(into: published)
        }
    }

    /// One round: reads the totals and the recent latencies, and brings the metrics up to them.
    func publish(into published: Published) async throws {
        let now = clock.now()
        let totals = try await statistics.totals().sorted {
            ($0.count, $1.organisationID, $1.operation) > ($1.count, $0.organisationID, $0.operation)
        }
        let latencies = try await statistics.latencies(since: now.addingTimeInterval(-latencyWindow))
        published.state.withLock { state in
            var counts: [OperationKey: Int64] = [:]
            var failures: [OperationKey: Int64] = [:]
            for total in totals {
                let key = OperationKey(
                    organisationID: state.labels.label(for: total.organisationID), operation: total.operation)
                counts[key, default: 0] += total.count
                failures[key, default: 0] += total.failureCount
            }
            for (key, count) in counts {
                let added = count - state.counts[key, default: 0]
                if added > 0 {
                    Counter(label: "vdxp_monitoring_operations_total", dimensions: key.dimensions).increment(by: added)
                }
                let failed = failures[key, default: 0] - state.failures[key, default: 0]
                if failed > 0 {
                    Counter(label: "vdxp_monitoring_operation_failures_total", dimensions: key.dimensions)
                        .increment(by: failed)
                }
            }
            state.counts = counts
            state.failures = failures
            var histograms: [OperationKey: LatencyHistogram] = [:]
            for (key, histogram) in latencies {
                let labelled = OperationKey(
                    organisationID: state.labels.label(for: key.organisationID), operation: key.operation)
                histograms[labelled, default: LatencyHistogram()].add(histogram)
            }
            for key in counts.keys where OperationSample.timedOperations.contains(key.operation) {
                let histogram = histograms[key] ?? LatencyHistogram()
                for quantile in [0.5, 0.95, 0.99] {
                    Gauge(
                        label: "vdxp_monitoring_operation_latency_seconds",
                        dimensions: key.dimensions + [("quantile", "\(quantile)")]
                    ).record(histogram.percentile(quantile) ?? .nan)
                }
            }
        }
        try await statistics.purge(before: now)
    }
}

extension OperationKey {
    /// The key as metric labels.
    var dimensions: [(String, String)] {
        [("organisation_id", organisationID), ("operation", operation)]
    }
}
