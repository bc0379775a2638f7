import Logging
import Metrics
import ServiceLifecycle
import VDXPRuntime

/// Exports `vdxp_exchange_deliveries_pending`: inbox entries not yet acknowledged (queued or leased), and
/// `vdxp_exchange_deliveries_failed`: document deliveries that failed (Art. 13.2), platform-wide. A growing value
/// means recipients are not fetching — the first sign of a member system that lost its connection.
struct DeliveryBacklogGauge: Service {
    let deliveries: DeliveryStore
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        let pending = Gauge(label: "vdxp_exchange_deliveries_pending")
        let failed = Gauge(label: "vdxp_exchange_deliveries_failed")
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot count pending deliveries") {
            let backlog = try await deliveries.backlog()
            pending.record(backlog.pending)
            failed.record(backlog.failed)
        }
    }
}
