import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import VDXPRuntime
import VDXPStore

/// Exports `vdxp_exchange_deliveries_pending`: inbox entries not yet acknowledged (queued or leased), and
/// `vdxp_exchange_deliveries_failed`: document deliveries that failed (Art. 13.2), platform-wide. A growing value
/// means recipients are not fetching — the first sign of a member system that lost its connection.
struct DeliveryBacklogGauge: Service {
    let database: Database
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        let pending = Gauge(label: "vdxp_exchange_deliveries_pending")
        let failed = Gauge(label: "vdxp_exchange_deliveries_failed")
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot count pending deliveries") {
            for try await (queued, failures) in try await database.query(
                """
                SELECT count(*) FILTER (WHERE state IN (1, 2)), count(*) FILTER (WHERE state = 4)
                FROM exchange.deliveries WHERE state IN (1, 2, 4)
                """, logger: logger
            ).decode((Int, Int).self) {
                pending.record(queued)
                failed.record(failures)
            }
        }
    }
}
