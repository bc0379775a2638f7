import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle

/// Exports `vdxp_exchange_deliveries_pending`: deliveries not yet acknowledged (queued or leased), platform-wide.
/// A growing value means recipients are not fetching — the first sign of a member system that lost its connection.
struct DeliveryBacklogGauge: Service {
    let database: PostgresClient
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        let gauge = Gauge(label: "vdxp_exchange_deliveries_pending")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                for try await count in try await database.query(
                    "SELECT count(*) FROM exchange.deliveries WHERE state <> 3", logger: logger
                ).decode(Int.self) {
                    gauge.record(count)
                }
            } catch {
                logger.warning("cannot count pending deliveries", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
