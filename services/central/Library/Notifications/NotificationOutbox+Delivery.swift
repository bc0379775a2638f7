import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

extension NotificationOutbox {
    /// Notifications Monitoring has not taken yet, oldest first, with ids above `after`.
    func undelivered(after: Int64, limit: Int) async throws -> [Vdxp_Central_V1_Notification] {
        let rows = try await database.query(
            """
            SELECT id, create_time, channel, recipient, subject, body, kind, organisation_id, account_id
            FROM central.notification_outbox
            WHERE id > \(after) AND deliver_time IS NULL
            ORDER BY id LIMIT \(limit)
            """, on: nil, logger: logger)
        var notifications: [Vdxp_Central_V1_Notification] = []
        for try await row in rows.decode(
            (Int64, Date, Vdxp_Central_V1_NotificationChannel, String, String, String, String, String?, UUID?).self)
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
                })
        }
        return notifications
    }

    /// Sets `deliver_time` of these notifications where it is unset; returns how many it set.
    func markDelivered(_ ids: [Int64]) async throws -> Int {
        var count = 0
        for try await _ in try await database.query(
            """
            UPDATE central.notification_outbox SET deliver_time = \(clock.now())
            WHERE id = ANY(\(ids)) AND deliver_time IS NULL
            RETURNING id
            """, on: nil, logger: logger
        ).decode(Int64.self) {
            count += 1
        }
        return count
    }
}
