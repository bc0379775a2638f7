import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Delivers Central's outbox (`central.notification_outbox`: Art. 16.4 inactivity warnings and locks, certificate
/// expiry notices) through Monitoring's: every `interval` it pages through Central's `ListUndeliveredNotifications`
/// (with `after_notification_id` as the cursor), copies each page into Monitoring's outbox in one transaction —
/// keyed by `central:<id>`, so a notification is copied exactly once however often it is seen (after a restart,
/// on two replicas) — and then marks the page delivered in Central (`MarkNotificationsDelivered`). If the mark is
/// lost, the next round sees the page again and copies nothing twice.
///
/// Each notice about a member is also put in that member's in-platform inbox (the third channel of Art. 19.2) as an
/// alert of its kind (``AlertTexts/centralNotice(_:)``), in the same transaction: the e-mail and the SMS of one
/// notice (Central writes them together) make one alert, which lists them as its notifications.
struct CentralOutboxFollower: Service {
    let central: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let notifications: NotificationStore
    let alerts: AlertStore
    let policy: RetryPolicy
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    /// Notifications asked of Central at a time.
    static let pageSize: Int32 = 100

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot take Central's outbox") {
            try await followRound()
        }
    }

    /// Copies every notification Central has not handed over yet; returns how many were new here.
    @discardableResult
    func followRound() async throws -> Int {
        let transport = try TransportFactory.mutualTLSClient(
            target: central, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        return try await withGRPCClient(transport: transport) { client in
            let accounts = Vdxp_Central_V1_AccountService.Client(wrapping: client)
            var after: Int64 = 0
            var copied = 0
            while true {
                let page = try await accounts.listUndeliveredNotifications(
                    .with {
                        $0.afterNotificationID = after
                        $0.pageSize = Self.pageSize
                    }
                ).notifications
                guard let last = page.last else { return copied }
                let taken = try await copy(page)
                copied += taken.new
                // Only what is in the outbox now: a notification left out stays Central's, undelivered, to be
                // taken by a replica that knows its channel.
                if !taken.held.isEmpty {
                    _ = try await accounts.markNotificationsDelivered(.with { $0.notificationIds = taken.held })
                }
                after = last.notificationID
                if page.count < Self.pageSize { return copied }
            }
        }
    }

    /// Copies one page into the outbox in one transaction; returns how many were not there already (`new`) and the
    /// Central ids of those the outbox holds now (`held`: new or copied before), which alone are marked delivered.
    func copy(_ page: [Vdxp_Central_V1_Notification]) async throws -> (new: Int, held: [Int64]) {
        let now = clock.now()
        return try await database.transaction(logger: logger) { connection in
            var copied = 0
            var held: [Int64] = []
            for notification in page {
                guard let channel = Self.channel(notification.channel) else {
                    logger.error(
                        "Central's outbox holds a notification on no known channel; it is left undelivered",
                        metadata: ["notification": "\(notification.notificationID)"])
                    continue
                }
                held.append(notification.notificationID)
                let message = OutgoingNotification(
                    alertID: nil, organisationID: notification.organisationID, channel: channel,
                    address: notification.recipient, subject: notification.subject, body: notification.body)
                guard
                    let id = try await notifications.enqueue(
                        message, at: now, giveUpTime: policy.giveUpTime(createdAt: now),
                        source: "central:\(notification.notificationID)", on: connection)
                else { continue }
                copied += 1
                if let alertID = try await inboxAlert(for: notification, channel: channel, at: now, on: connection) {
                    try await notifications.attach(id, toAlert: alertID, on: connection)
                }
            }
            return (copied, held)
        }
    }

    /// The member's inbox alert for `notification`, inside the copy's transaction: the alert of the same notice that
    /// lacks this channel (the e-mail's, for its SMS: Central writes a notice's e-mail row first, moments before its
    /// SMS row, and the rows are copied in order), or a new one. Nil for a notice about no member.
    func inboxAlert(
        for notification: Vdxp_Central_V1_Notification, channel: Vdxp_Monitoring_V1_Channel, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Int64? {
        guard let alert = AlertTexts.centralNotice(notification), let noticeKey = alert.noticeKey,
            let noticeTime = alert.noticeTime
        else { return nil }
        if let joined = try await alerts.relayedNotice(
            noticeKey, near: noticeTime, lacking: channel, on: connection)
        {
            return joined
        }
        let raised = try await alerts.raise(alert, at: now, on: connection)
        return raised == 0 ? nil : raised
    }

    /// Monitoring's channel for Central's.
    static func channel(_ channel: Vdxp_Central_V1_NotificationChannel) -> Vdxp_Monitoring_V1_Channel? {
        switch channel {
        case .email: .email
        case .sms: .sms
        default: nil
        }
    }
}
