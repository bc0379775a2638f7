import Foundation
import Logging
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
    let deliveries: DeliveryStore
    let journal: JournalStore
    let maximumAttempts: Int
    let interval: Duration
    let logger: Logger

    /// Sweeps every `interval` until graceful shutdown, a full batch at a time.
    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot mark failed deliveries") {
            while try await sweep() == Self.batch {}
        }
    }

    /// Most deliveries failed in one transaction.
    static let batch = 500

    /// Marks one batch; returns how many deliveries failed.
    func sweep() async throws -> Int {
        let maximumAttempts = self.maximumAttempts
        let deliveries = self.deliveries
        let journal = self.journal
        let logger = self.logger
        return try await database.transaction(logger: logger) { connection in
            let failed = try await deliveries.failExhausted(
                maximumAttempts: maximumAttempts, limit: Self.batch, on: connection)
            for delivery in failed {
                try await journal.append(
                    .with {
                        $0.deliveryFailed = .with {
                            $0.recipientOrganisationID = delivery.recipient
                            $0.deliveryID = delivery.deliveryID.uuidString.lowercased()
                            $0.attempts = Int32(delivery.attempts)
                        }
                    }, type: "delivery.failed", documentID: delivery.documentID, on: connection)
            }
            for documentID in Set(failed.map(\.documentID)) {
                try await ExchangeChannels.notify(
                    ExchangeChannels.status, payload: documentID, on: connection, of: database, logger: logger)
            }
            if !failed.isEmpty {
                logger.notice("deliveries failed", metadata: ["count": "\(failed.count)"])
            }
            return failed.count
        }
    }
}
