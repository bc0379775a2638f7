import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The notification outbox (`central.notification_outbox`): records notifications inside the caller's transaction,
/// so that a notification exists if and only if the change it reports was committed. Monitoring takes them into its
/// own outbox, which delivers them (`NotificationOutbox+Delivery.swift`), and sets `deliver_time`; each insert also sends `NOTIFY central_notification_outbox` (at commit) to wake it.
///
/// ```swift
/// try await database.transaction(logger: logger) { connection in
///     try await database.query("UPDATE …", on: connection, logger: logger)
///     try await outbox.enqueue(notification, on: connection)
/// }
/// ```
struct NotificationOutbox: Sendable {
    /// The channel notified when a notification is recorded.
    static let channel = "central_notification_outbox"

    /// The database of the outbox, for reading it.
    let database: Database
    /// Where the create time is read.
    let clock: WallClock
    /// The logger for the queries.
    let logger: Logger

    /// Records `notification` on `connection` (inside the caller's transaction) and returns its id.
    @discardableResult
    func enqueue(_ notification: OutboxNotification, on connection: PostgresConnection) async throws -> Int64 {
        let now = clock.now()
        var id: Int64 = 0
        for try await value in try await database.query(
            """
            INSERT INTO central.notification_outbox
                (create_time, channel, recipient, subject, body, kind, organisation_id, account_id)
            VALUES (\(now), \(notification.channel), \(notification.recipient), \(notification.subject),
                    \(notification.body), \(notification.kind), \(notification.organisationID), \(notification.accountID))
            RETURNING id
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            id = value
        }
        try await database.query(PostgresQuery(unsafeSQL: "NOTIFY \(Self.channel)"), on: connection, logger: logger)
        return id
    }

    /// Records each of `notifications` on `connection`.
    func enqueue(contentsOf notifications: [OutboxNotification], on connection: PostgresConnection) async throws {
        for notification in notifications { try await enqueue(notification, on: connection) }
    }
}
