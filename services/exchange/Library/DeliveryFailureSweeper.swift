import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Marks FAILED the document deliveries whose lease expired after the last allowed attempt
/// (`VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS`, Art. 13.2), journals each and wakes the senders' status streams, so that
/// a sender learns of a failure within one check interval. Safe on every replica: rows are claimed with
/// `FOR UPDATE SKIP LOCKED`.
struct DeliveryFailureSweeper: Service {
    let database: Database
    let journal: JournalWriter
    let maximumAttempts: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot mark failed deliveries") {
            while try await sweep() == Self.batch {}
        }
    }

    static let batch = 500

    /// Marks one batch; returns how many deliveries failed.
    func sweep() async throws -> Int {
        let maximumAttempts = self.maximumAttempts
        let journal = self.journal
        let logger = self.logger
        return try await database.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                WITH exhausted AS (
                    SELECT delivery_id FROM exchange.deliveries
                    WHERE state = 2 AND kind = 1 AND lease_expires <= now() AND attempt_count >= \(maximumAttempts)
                    ORDER BY lease_expires LIMIT \(Self.batch)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE exchange.deliveries AS d SET state = 4, fail_time = now(), lease_expires = NULL
                FROM exhausted WHERE d.delivery_id = exhausted.delivery_id
                RETURNING d.delivery_id, d.document_id, d.recipient, d.attempt_count
                """, logger: logger)
            var failed: [(UUID, String, String, Int)] = []
            for try await row in rows.decode((UUID, String, String, Int).self) { failed.append(row) }
            for (deliveryID, documentID, recipient, attempts) in failed {
                try await journal.append(
                    .with {
                        $0.deliveryFailed = .with {
                            $0.recipientOrganisationID = recipient
                            $0.deliveryID = deliveryID.uuidString.lowercased()
                            $0.attempts = Int32(attempts)
                        }
                    }, type: "delivery.failed", documentID: documentID, on: connection)
            }
            for documentID in Set(failed.map(\.1)) {
                try await connection.query(
                    "SELECT pg_notify(\(ExchangeChannels.status), \(documentID))", logger: logger)
            }
            if !failed.isEmpty {
                logger.notice("deliveries failed", metadata: ["count": "\(failed.count)"])
            }
            return failed.count
        }
    }
}
