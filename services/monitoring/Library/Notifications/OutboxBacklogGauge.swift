import Logging
import ServiceLifecycle
import VDXPRuntime

/// Brings the outbox's figures up to date every `interval` (``OutboxMetrics``): how many e-mails and SMS wait, and
/// since when the oldest, per lane.
struct OutboxBacklogGauge: Service {
    let notifications: NotificationStore
    let metrics: OutboxMetrics
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot count the outbox's notifications") {
            metrics.record(try await notifications.backlog(), at: clock.now())
        }
    }
}
