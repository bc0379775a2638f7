import Foundation
import Logging
import ServiceLifecycle
import VDXPCore
import VDXPRuntime

/// Deletes alerts raised more than `retention` ago, with their e-mails, SMS and every attempt of them
/// (`VDXP_MONITORING_ALERT_RETENTION_DAYS`, default 400: a year of Art. 9.2 evidence and the quarter after it). An
/// alert still in use is kept whatever its age: a lost connection whose notice still repeats, or a notification still
/// PENDING. Without it the outbox kept every message and attempt for ever — a broadcast to 10,000 members is 20,000
/// messages, and each retried one dozens of attempts. Runs every `interval` on every replica (the rows are taken with
/// SKIP LOCKED), a thousand alerts a transaction.
struct AlertRetention: Service {
    let alerts: AlertStore
    let retention: Duration
    var interval: Duration = .seconds(3600)
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot delete old alerts") {
            try await sweep()
        }
    }

    /// Deletes every alert (and notification) past retention at the clock's time; returns how many alerts.
    @discardableResult
    func sweep() async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention.timeInterval)
        let deleted = try await deletingInBatches(of: 1000) {
            try await alerts.deleteEnded(raisedBefore: cutoff, limit: $0)
        }
        let loose = try await alerts.deleteNotificationsWithoutAlert(createdBefore: cutoff)
        if deleted + loose > 0 {
            logger.info(
                "old alerts and notifications deleted",
                metadata: ["alerts": "\(deleted)", "notifications without an alert": "\(loose)"])
        }
        return deleted
    }
}
