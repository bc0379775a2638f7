import Foundation
import Logging
import ServiceLifecycle
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Watches the bound of Art. 9.2 — a member whose connection is lost is told by SMS and e-mail within 30 minutes —
/// instead of trusting it: every round, each CONNECTION_LOST alert raised at least `bound` ago whose e-mail or SMS was
/// not accepted within `bound` of the raise (retrying, given up, or never enqueued: Central unreachable, no such
/// contact) raises one NOTIFICATION_LATE alert for the operator group, e-mailed and texted to it. A connection back
/// within `bound` is no breach. Alerts older than `horizon` are no longer looked at (a Monitoring stopped longer than
/// that does not report its backlog). Safe on every replica: the late alert's source key makes it once.
struct NotificationDeadlineWatch: Service {
    let alerts: AlertStore
    let database: Database
    /// Art. 9.2's 30 minutes.
    var bound: Duration = .seconds(30 * 60)
    /// How far back alerts are looked at.
    var horizon: Duration = .seconds(7 * 24 * 3600)
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot check the Art. 9.2 notice bound") {
            try await checkRound()
        }
    }

    /// Raises NOTIFICATION_LATE for each lost connection not told in time; returns how many it raised.
    @discardableResult
    func checkRound() async throws -> Int {
        let now = clock.now()
        let late = try await alerts.lostConnectionsNotToldInTime(bound: bound, horizon: horizon, at: now)
        var raised = 0
        for breach in late {
            let id = try await database.transaction(logger: logger) { connection in
                try await alerts.raise(
                    AlertTexts.notificationLate(breach, bound: bound, at: now), at: now, on: connection)
            }
            guard id != 0 else { continue }
            raised += 1
            logger.error(
                "a member's lost connection was not told within 30 minutes (Art. 9.2): the operator group is alerted",
                metadata: [
                    "member": "\(breach.organisationID)", "alert": "\(breach.alertID)",
                    "email_sent": "\(breach.emailSent)", "sms_sent": "\(breach.smsSent)",
                ])
        }
        return raised
    }
}
