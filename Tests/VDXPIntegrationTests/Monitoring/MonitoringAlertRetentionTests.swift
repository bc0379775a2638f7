import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Alerts and their e-mails and SMS are kept `VDXP_MONITORING_ALERT_RETENTION_DAYS` (400 by default), then deleted
/// with every attempt — unless still in use: a lost connection whose notice repeats, a notification not yet sent.
@Suite("Monitoring: alerts past retention are deleted, with their notifications", .timeLimit(.minutes(5)))
struct MonitoringAlertRetentionTests {
    @Test(
        "after 400 days an alert sent is deleted with its e-mail and attempt; one still repeating, one still pending and a recent one stay"
    )
    func oldAlertsAreDeleted() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let clock = ManualClock()
            let now = clock.now
            let old = now.addingTimeInterval(-401 * 86_400)
            let alerts = AlertStore(database: database, logger: logger)
            let notifications = NotificationStore(database: database, logger: logger)
            func alert(_ kind: Vdxp_Monitoring_V1_AlertKind, repeating: Bool = false) -> NewAlert {
                NewAlert(
                    kind: kind, severity: .warning, organisationID: "000.00.00.G22", summary: "VDXP",
                    detail: "Điều 9.2", notifyDue: repeating ? now.addingTimeInterval(3600) : nil)
            }
            func message(_ alertID: Int64, _ channel: Vdxp_Monitoring_V1_Channel) -> OutgoingNotification {
                OutgoingNotification(
                    alertID: alertID, organisationID: "000.00.00.G22", channel: channel,
                    address: channel == .email ? "vanthu@bo.gov.vn" : "+84912345678", subject: "VDXP", body: "Điều 9.2")
            }
            let (sent, pending, repeating, recent) = try await database.transaction(logger: logger) { connection in
                let sent = try await alerts.raise(alert(.operatorNotice), at: old, on: connection)
                let pending = try await alerts.raise(alert(.operatorNotice), at: old, on: connection)
                let repeating = try await alerts.raise(alert(.connectionLost, repeating: true), at: old, on: connection)
                let recent = try await alerts.raise(
                    alert(.operatorNotice), at: now.addingTimeInterval(-86_400), on: connection)
                try await notifications.enqueue(
                    contentsOf: [message(sent, .email), message(pending, .sms), message(recent, .email)], at: old,
                    giveUpTime: now.addingTimeInterval(3600), on: connection)
                return (sent, pending, repeating, recent)
            }
            // The e-mails are sent (one attempt each); the SMS waits, no gateway being configured.
            let dispatcher = NotificationDispatcher(
                database: database, notifications: notifications, alerts: alerts,
                channels: MonitoringChannels(email: RecordingChannel(clock: clock), sms: nil),
                policy: RetryPolicy(
                    firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600)),
                lease: .seconds(600),
                hub: NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger),
                interval: .seconds(1), clock: clock.wallClock, logger: logger)
            #expect(try await dispatcher.dispatchRound() == 2)

            let retention = AlertRetention(
                alerts: alerts, retention: .seconds(400 * 86_400), clock: clock.wallClock, logger: logger)
            #expect(try await retention.sweep() == 1)
            var left: [Int64] = []
            for try await id in try await database.query(
                "SELECT alert_id FROM monitoring.alerts ORDER BY alert_id", logger: logger
            ).decode(Int64.self) {
                left.append(id)
            }
            #expect(left == [pending, repeating, recent])
            #expect(!left.contains(sent))
            let attempts = try await TableText.count(
                "SELECT count(*) FROM monitoring.notification_attempts", on: database)
            #expect(attempts == 1, "only the recent e-mail's attempt is left")
            let messages = try await TableText.count("SELECT count(*) FROM monitoring.notifications", on: database)
            #expect(messages == 2, "the pending SMS and the recent e-mail")
            #expect(try await retention.sweep() == 0, "a second sweep finds nothing")
        }
    }
}
