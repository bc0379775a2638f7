import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Monitoring's durable outbox (`monitoring.notifications`, `monitoring.notification_attempts`): one row per message
/// to one address on one channel, PENDING until the relay or gateway accepts it (SENT) or it is given up (FAILED),
/// with every attempt and its outcome kept.
///
/// Safe on every replica: ``claim(channels:now:lease:limit:)`` takes due rows with `FOR UPDATE SKIP LOCKED` and moves
/// their next attempt past a lease before any delivery is tried, so two replicas never deliver one row at once.
///
/// Two lanes: the messages of an alert to every member are `bulk`, and are taken only when no other message is due —
/// a broadcast of 20,000 messages never holds back a lost connection's notice (Art. 9.2) or an operator's alert.
struct NotificationStore: Sendable {
    let database: Database
    let logger: Logger

    /// Enqueues a message inside the caller's transaction and returns its id; the dispatcher hears of it at commit.
    /// `source` names where it came from when that must be exactly once (a Central outbox row): a second enqueue of
    /// the same source is ignored and returns nil.
    @discardableResult
    func enqueue(
        _ message: OutgoingNotification, at now: Date, giveUpTime: Date, source: String? = nil,
        on connection: PostgresConnection
    ) async throws -> Int64? {
        var id: Int64?
        for try await value in try await database.query(
            """
            INSERT INTO monitoring.notifications (delivery_key, alert_id, organisation_id, channel, address, subject,
                body, state, create_time, next_attempt_time, give_up_time, source)
            VALUES (\(UUID()), \(message.alertID), \(message.organisationID), \(message.channel), \(message.address),
                    \(message.subject), \(message.body), \(Vdxp_Monitoring_V1_NotificationState.pending), \(now), \(now),
                    \(giveUpTime), \(source))
            ON CONFLICT (source) WHERE source IS NOT NULL DO NOTHING
            RETURNING notification_id
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            id = value
        }
        try await MonitoringNotify.notify(MonitoringNotify.outbox, on: connection, of: database, logger: logger)
        return id
    }

    /// Enqueues `messages` inside the caller's transaction, 500 rows a statement, and wakes the dispatcher once at
    /// commit: an alert to every member is two messages for each of thousands of members.
    ///
    /// `bulk` for the messages of an alert to every member, which wait behind every other due message.
    func enqueue(
        contentsOf messages: [OutgoingNotification], bulk: Bool = false, at now: Date, giveUpTime: Date,
        on connection: PostgresConnection
    ) async throws {
        guard !messages.isEmpty else { return }
        for start in stride(from: 0, to: messages.count, by: 500) {
            var rows = ValuesRows()
            for message in messages[start..<min(start + 500, messages.count)] {
                rows.startRow()
                rows.bind(UUID())
                rows.bind(message.alertID)
                rows.bind(message.organisationID)
                try rows.bind(message.channel)
                rows.bind(message.address)
                rows.bind(message.subject)
                rows.bind(message.body)
                try rows.bind(Vdxp_Monitoring_V1_NotificationState.pending)
                rows.bind(now)
                rows.bind(now)
                rows.bind(giveUpTime)
                rows.bind(bulk)
            }
            try await database.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO monitoring.notifications (delivery_key, alert_id, organisation_id, channel, address,
                            subject, body, state, create_time, next_attempt_time, give_up_time, bulk)
                        VALUES \(rows.sql)
                        """, binds: rows.binds), on: connection, logger: logger)
        }
        try await MonitoringNotify.notify(MonitoringNotify.outbox, on: connection, of: database, logger: logger)
    }

    /// Makes notification `notificationID` one of alert `alertID`'s, inside the caller's transaction (a notice relayed
    /// from Central: its e-mail and SMS are listed with the alert it raised in the member's inbox).
    func attach(_ notificationID: Int64, toAlert alertID: Int64, on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE monitoring.notifications SET alert_id = \(alertID) WHERE notification_id = \(notificationID)",
            on: connection, logger: logger)
    }

    /// Takes up to `limit` PENDING notifications on `channels` whose next attempt is due at `now` — the bulk lane's
    /// only when no other is due — counts the attempt and moves their next attempt to `now + lease` (so a replica
    /// that dies mid-delivery leaves them to be retried).
    func claim(
        channels: [Vdxp_Monitoring_V1_Channel], now: Date, lease: Duration, limit: Int
    ) async throws -> [ClaimedNotification] {
        guard !channels.isEmpty else { return [] }
        let leaseEnd = now.addingTimeInterval(Double(lease.components.seconds))
        let numbers = channels.map { Int16($0.rawValue) }
        let rows = try await database.query(
            """
            UPDATE monitoring.notifications SET attempt_count = attempt_count + 1, next_attempt_time = \(leaseEnd)
            WHERE notification_id IN (
                SELECT notification_id FROM monitoring.notifications
                WHERE state = \(Vdxp_Monitoring_V1_NotificationState.pending) AND next_attempt_time <= \(now)
                  AND channel = ANY(\(numbers))
                ORDER BY bulk, next_attempt_time, notification_id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING notification_id, delivery_key, alert_id, organisation_id, channel, address, subject, body,
                      attempt_count, give_up_time
            """, on: nil, logger: logger)
        var claimed: [ClaimedNotification] = []
        for try await row in rows.decode(
            (Int64, UUID, Int64?, String, Vdxp_Monitoring_V1_Channel, String, String, String, Int32, Date).self)
        {
            claimed.append(
                ClaimedNotification(
                    notificationID: row.0, deliveryKey: row.1, alertID: row.2, organisationID: row.3, channel: row.4,
                    address: row.5, subject: row.6, body: row.7, attempt: Int(row.8), giveUpTime: row.9))
        }
        return claimed
    }

    /// Records attempt `attempt` of a notification and what became of it, inside the caller's transaction; returns
    /// whether the notification was still this attempt's to settle. It is not when the attempt outlived its lease and
    /// another replica claimed the notification again (or settled it): the attempt is kept in the history, but the
    /// notification's state is left to the newer attempt, so that a late failure never overwrites a later SENT.
    func record(
        _ notification: ClaimedNotification, at now: Date, outcome: ChannelOutcome, decision: RetryPolicy.Decision,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let (accepted, text): (Bool, String) =
            switch outcome {
            case .accepted(let detail): (true, detail)
            case .transientFailure(let detail): (false, detail)
            case .permanentFailure(let detail): (false, detail)
            }
        try await database.query(
            """
            INSERT INTO monitoring.notification_attempts (notification_id, attempt, attempt_time, accepted, outcome)
            VALUES (\(notification.notificationID), \(Int32(notification.attempt)), \(now), \(accepted), \(text))
            ON CONFLICT (notification_id, attempt) DO NOTHING
            """, on: connection, logger: logger)
        let (state, next, finish): (Vdxp_Monitoring_V1_NotificationState, Date?, Date?) =
            switch decision {
            case .sent: (.sent, nil, now)
            case .giveUp: (.failed, nil, now)
            case .retry(let next): (.pending, next, nil)
            }
        let settled = try await database.query(
            """
            UPDATE monitoring.notifications
            SET state = \(state), next_attempt_time = \(next), finish_time = \(finish)
            WHERE notification_id = \(notification.notificationID)
              AND state = \(Vdxp_Monitoring_V1_NotificationState.pending)
              AND attempt_count = \(Int32(notification.attempt))
            RETURNING notification_id
            """, on: connection, logger: logger
        ).collect()
        return !settled.isEmpty
    }

    /// What waits in one lane of the outbox: PENDING notifications, and when the oldest was enqueued.
    struct LaneBacklog: Sendable, Equatable {
        /// The broadcasts' lane (to every member); otherwise messages to one member or the operator group.
        var bulk: Bool
        /// How many notifications are PENDING.
        var pending: Int
        /// When the oldest of them was enqueued.
        var oldest: Date?
    }

    /// What waits in each lane that holds PENDING notifications (the partial index of PENDING rows answers it).
    func backlog() async throws -> [LaneBacklog] {
        var lanes: [LaneBacklog] = []
        for try await (bulk, pending, oldest) in try await database.query(
            """
            SELECT bulk, count(*)::int8, min(create_time) FROM monitoring.notifications
            WHERE state = \(Vdxp_Monitoring_V1_NotificationState.pending) GROUP BY bulk ORDER BY bulk
            """, on: nil, logger: logger
        ).decode((Bool, Int, Date?).self) {
            lanes.append(LaneBacklog(bulk: bulk, pending: pending, oldest: oldest))
        }
        return lanes
    }

    /// The notifications of these alerts, with every attempt, by alert id; with `organisationID`, only those to
    /// that member's contacts.
    func notifications(
        ofAlerts alertIDs: [Int64], addressedTo organisationID: String?
    ) async throws -> [Int64: [Vdxp_Monitoring_V1_Notification]] {
        guard !alertIDs.isEmpty else { return [:] }
        var byID: [Int64: (alertID: Int64, notification: Vdxp_Monitoring_V1_Notification)] = [:]
        var order: [Int64] = []
        for try await row in try await database.query(
            """
            SELECT notification_id, alert_id, channel, address, state, next_attempt_time
            FROM monitoring.notifications
            WHERE alert_id = ANY(\(alertIDs)) AND (\(organisationID)::text IS NULL OR organisation_id = \(organisationID))
            ORDER BY notification_id
            """, on: nil, logger: logger
        ).decode((Int64, Int64, Vdxp_Monitoring_V1_Channel, String, Vdxp_Monitoring_V1_NotificationState, Date?).self) {
            order.append(row.0)
            byID[row.0] = (
                row.1,
                .with {
                    $0.notificationID = row.0
                    $0.channel = row.2
                    $0.address = row.3
                    $0.state = row.4
                    if row.4 == .pending, let next = row.5 { $0.nextAttemptTime = .init(date: next) }
                }
            )
        }
        guard !order.isEmpty else { return [:] }
        for try await row in try await database.query(
            """
            SELECT notification_id, attempt_time, accepted, outcome FROM monitoring.notification_attempts
            WHERE notification_id = ANY(\(order)) ORDER BY notification_id, attempt
            """, on: nil, logger: logger
        ).decode((Int64, Date, Bool, String).self) {
            byID[row.0]?.notification.attempts.append(
                .with {
                    $0.attemptTime = .init(date: row.1)
                    $0.accepted = row.2
                    $0.outcome = row.3
                })
        }
        var result: [Int64: [Vdxp_Monitoring_V1_Notification]] = [:]
        for id in order {
            guard let entry = byID[id] else { continue }
            result[entry.alertID, default: []].append(entry.notification)
        }
        return result
    }
}

/// A message to enqueue.
struct OutgoingNotification: Sendable, Equatable {
    /// The alert it carries, if any.
    var alertID: Int64?
    /// The member it concerns; empty if none.
    var organisationID: String
    /// E-mail or SMS.
    var channel: Vdxp_Monitoring_V1_Channel
    /// The e-mail address or telephone number.
    var address: String
    /// The subject (e-mail).
    var subject: String
    /// The text.
    var body: String
}

/// A notification taken by this replica for one delivery attempt.
struct ClaimedNotification: Sendable, Equatable {
    /// The outbox row.
    var notificationID: Int64
    /// The idempotency key handed to the channel.
    var deliveryKey: UUID
    /// The alert it carries, if any.
    var alertID: Int64?
    /// The member it concerns; empty if none.
    var organisationID: String
    /// E-mail or SMS.
    var channel: Vdxp_Monitoring_V1_Channel
    /// Where it goes.
    var address: String
    /// The subject.
    var subject: String
    /// The text.
    var body: String
    /// This attempt's number (1 for the first).
    var attempt: Int
    /// When it is given up.
    var giveUpTime: Date

    /// The message as the channel takes it.
    var message: ChannelMessage {
        ChannelMessage(notificationID: deliveryKey, address: address, subject: subject, body: body)
    }
}
