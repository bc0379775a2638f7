import Foundation
import GRPCCore
import Logging
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Members' contacts come from Central; the operator group's are Monitoring's own settings. While Central cannot be
/// reached, a member's alert waits for its contacts (nothing is dropped), and the operator group is still told — in
/// particular NOTIFICATION_LATE, which says that members were not told within the 30 minutes of Art. 9.2.
@Suite("Monitoring: alerts while Central cannot be reached", .timeLimit(.minutes(5)))
struct MonitoringCentralUnreachableNoticeTests {
    /// Central, unreachable: any question about a member fails as the real client's does.
    struct UnreachableCentral: MemberContacts {
        func contacts(of organisationIDs: Set<String>) async throws -> [String: Vdxp_Central_V1_Contact] {
            guard !organisationIDs.isEmpty else { return [:] }
            throw RPCError(code: .unavailable, message: "could not establish a connection to Central")
        }
    }

    static let operatorEmail = "vanhanh@vdxp.test"
    static let operatorPhone = "+84241111111"

    /// A notifier whose Central cannot be reached, with the operator group's contacts, at `now`.
    static func notifier(
        _ database: Database, _ alerts: AlertStore, _ notifications: NotificationStore, now: Date, logger: Logger
    ) -> AlertNotifier {
        AlertNotifier(
            database: database, alerts: alerts, notifications: notifications, contacts: UnreachableCentral(),
            configuration: GlobalConfigurationStore(),
            operatorGroup: OperatorGroup(emails: [operatorEmail], phones: [operatorPhone]),
            policy: RetryPolicy(firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600)),
            repeatEvery: .seconds(3600), interval: .seconds(1), clock: ManualClock(now: now).wallClock, logger: logger)
    }

    @Test(
        "while Central cannot be reached a member's lost-connection alert stays due, and the operator group's NOTIFICATION_LATE is e-mailed and texted"
    )
    func operatorGroupStillTold() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let alerts = AlertStore(database: database, logger: logger)
            let notifications = NotificationStore(database: database, logger: logger)
            let lost = NewAlert(
                kind: .connectionLost, severity: .critical, organisationID: "000.00.00.H26",
                summary: "Mất kết nối / Connection lost", detail: "…", notifyDue: now)
            var late = NewAlert(
                kind: .notificationLate, severity: .critical, summary: "Thông báo chậm / Notice late", detail: "…",
                notifyDue: now)
            late.operatorsOnly = true
            let (lostID, lateID) = try await database.transaction(logger: logger) { connection in
                (
                    try await alerts.raise(lost, at: now, on: connection),
                    try await alerts.raise(late, at: now, on: connection)
                )
            }
            let notifier = Self.notifier(database, alerts, notifications, now: now, logger: logger)

            #expect(try await notifier.notifyRound() == 1, "the operator group's alert, and only it")
            let told = try await notifications.notifications(ofAlerts: [lostID, lateID], addressedTo: nil)
            #expect(Set(told[lateID]?.map(\.address) ?? []) == [Self.operatorEmail, Self.operatorPhone])
            #expect(told[lostID] == nil, "no member contact to write to yet")
            #expect(try await alerts.due(at: now, limit: 10).map(\.alertID) == [lostID], "the member's alert waits")
        }
    }

    @Test(
        "a round's worth of members' alerts waiting for Central does not hold back an operator group's alert raised after them"
    )
    func membersWaitingDoNotStarveOperatorGroup() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let alerts = AlertStore(database: database, logger: logger)
            let notifications = NotificationStore(database: database, logger: logger)
            // A wide outage: 60 members lose their connection, more than one round reads (50).
            try await database.transaction(logger: logger) { connection in
                for member in 0..<60 {
                    _ = try await alerts.raise(
                        NewAlert(
                            kind: .connectionLost, severity: .critical,
                            organisationID: "000.00.\(10 + member / 10).H\(10 + member % 10)",
                            summary: "Mất kết nối / Connection lost", detail: "…", notifyDue: start),
                        at: start, on: connection)
                }
            }
            let now = start.addingTimeInterval(1800)
            var late = NewAlert(
                kind: .notificationLate, severity: .critical, summary: "Thông báo chậm / Notice late", detail: "…",
                notifyDue: now)
            late.operatorsOnly = true
            let lateID = try await database.transaction(logger: logger) { connection in
                try await alerts.raise(late, at: now, on: connection)
            }
            let notifier = Self.notifier(database, alerts, notifications, now: now, logger: logger)

            #expect(try await notifier.notifyRound() == 1, "the operator group's alert, in the first round")
            let told = try await notifications.notifications(ofAlerts: [lateID], addressedTo: nil)
            #expect(Set(told[lateID]?.map(\.address) ?? []) == [Self.operatorEmail, Self.operatorPhone])
            #expect(try await alerts.due(at: now, limit: 100).count == 60, "the members' alerts wait for Central")
        }
    }
}
