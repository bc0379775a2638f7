import Foundation
import Logging
import Metrics
import ServiceLifecycle
import VDXPRuntime

/// Exports `vdxp_exchange_deliveries_pending`: inbox entries not yet acknowledged (queued or leased);
/// `vdxp_exchange_deliveries_failed`: document deliveries that failed (Art. 13.2), platform-wide; and
/// `vdxp_exchange_oldest_failed_delivery_seconds`: how long ago the longest-failed of those failed, 0 when none —
/// a failure neither retried nor withdrawn by its sender, which Art. 13.2 wants handled the same working day. A
/// growing backlog means recipients are not fetching — the first sign of a member system that lost its connection.
struct DeliveryBacklogGauge: Service {
    let deliveries: DeliveryStore
    let clock: WallClock
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        let pending = Gauge(label: "vdxp_exchange_deliveries_pending")
        let failed = Gauge(label: "vdxp_exchange_deliveries_failed")
        let oldestFailure = Gauge(label: "vdxp_exchange_oldest_failed_delivery_seconds")
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot count pending deliveries") {
            let backlog = try await deliveries.backlog()
            pending.record(backlog.pending)
            failed.record(backlog.failed)
            oldestFailure.record(Self.age(of: backlog.oldestFailure, now: clock.now()))
        }
    }

    /// Seconds from `failure` to `now`; 0 without a failure (and never negative, whatever the clocks).
    static func age(of failure: Date?, now: Date) -> Double {
        failure.map { max(0, now.timeIntervalSince($0)) } ?? 0
    }
}
