import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The deliveries' send and acknowledgement times as the journal said (`monitoring.deliveries`), from which the
/// operational statistics take their latencies (Art. 4.1.g). Read and written a batch at a time by ``SentRecords``,
/// inside the journal follower's transaction.
struct DeliveryTimesStore: Sendable {
    let database: Database
    let logger: Logger

    /// When a delivery was sent (or last retried) and acknowledged, as far as the journal said.
    struct DeliveryTimes: Sendable, Equatable {
        /// The send, or the last retry.
        var sendTime: Date
        /// The acknowledgement since then, if any.
        var acknowledgeTime: Date?
    }

    /// One delivery's row.
    struct Delivery: Sendable, Equatable {
        /// The delivery id.
        var deliveryID: String
        /// The document delivered.
        var documentID: String
        /// The recipient.
        var recipientOrganisationID: String
        /// Its times.
        var times: DeliveryTimes
    }

    /// The deliveries among `deliveryIDs` the journal recorded as sent.
    func deliveries(_ deliveryIDs: [String], on connection: PostgresConnection) async throws -> [Delivery] {
        guard !deliveryIDs.isEmpty else { return [] }
        var found: [Delivery] = []
        for try await row in try await database.query(
            """
            SELECT delivery_id, document_id, recipient_organisation_id, send_time, acknowledge_time
            FROM monitoring.deliveries WHERE delivery_id = ANY(\(deliveryIDs))
            """, on: connection, logger: logger
        ).decode((String, String, String, Date, Date?).self) {
            found.append(
                Delivery(
                    deliveryID: row.0, documentID: row.1, recipientOrganisationID: row.2,
                    times: DeliveryTimes(sendTime: row.3, acknowledgeTime: row.4)))
        }
        return found
    }

    /// Writes `deliveries` as they are now (new ones inserted, known ones given their times), with one statement,
    /// inside the caller's transaction. Each delivery appears at most once.
    func save(_ deliveries: [Delivery], on connection: PostgresConnection) async throws {
        guard !deliveries.isEmpty else { return }
        var rows = ValuesRows()
        for delivery in deliveries {
            rows.startRow()
            rows.bind(delivery.deliveryID)
            rows.bind(delivery.documentID)
            rows.bind(delivery.recipientOrganisationID)
            rows.bind(delivery.times.sendTime)
            rows.bind(delivery.times.acknowledgeTime)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO monitoring.deliveries
                        (delivery_id, document_id, recipient_organisation_id, send_time, acknowledge_time)
                    VALUES \(rows.sql)
                    ON CONFLICT (delivery_id) DO UPDATE
                    SET send_time = EXCLUDED.send_time, acknowledge_time = EXCLUDED.acknowledge_time
                    """, binds: rows.binds), on: connection, logger: logger)
    }

    /// Deletes at most `limit` deliveries last sent or retried before `cutoff`, oldest first (by
    /// `deliveries_by_send_time`), inside the caller's transaction, and returns how many. ``SentRecordRetention``
    /// chooses the cutoff.
    func deleteSent(before cutoff: Date, limit: Int, on connection: PostgresConnection) async throws -> Int {
        var deleted = 0
        for try await _ in try await database.query(
            """
            DELETE FROM monitoring.deliveries WHERE delivery_id IN (
                SELECT delivery_id FROM monitoring.deliveries WHERE send_time < \(cutoff)
                ORDER BY send_time LIMIT \(limit))
            RETURNING 1
            """, on: connection, logger: logger
        ).decode(Int32.self) {
            deleted += 1
        }
        return deleted
    }
}
