import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

extension NotificationOutbox {
    /// Notifications newest first, with ids below `before`, optionally of one `kind` and about one account.
    func list(
        kind: String, accountID: UUID?, before: Int64, limit: Int, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Central_V1_Notification] {
        let rows = try await database.query(
            """
            SELECT id, create_time, channel, recipient, subject, body, kind, organisation_id, account_id, deliver_time
            FROM central.notification_outbox
            WHERE id < \(before) AND (\(kind) = '' OR kind = \(kind))
              AND (\(accountID)::uuid IS NULL OR account_id = \(accountID))
            ORDER BY id DESC LIMIT \(limit)
            """, on: connection, logger: logger)
        var notifications: [Vdxp_Central_V1_Notification] = []
        for try await row in rows.decode(
            (Int64, Date, Vdxp_Central_V1_NotificationChannel, String, String, String, String, String?, UUID?, Date?)
                .self)
        {
            notifications.append(
                .with {
                    $0.notificationID = row.0
                    $0.createTime = .init(date: row.1)
                    $0.channel = row.2
                    $0.recipient = row.3
                    $0.subject = row.4
                    $0.body = row.5
                    $0.kind = row.6
                    $0.organisationID = row.7 ?? ""
                    $0.accountID = row.8.map { $0.uuidString.lowercased() } ?? ""
                    if let delivered = row.9 { $0.deliverTime = .init(date: delivered) }
                })
        }
        return notifications
    }
}
