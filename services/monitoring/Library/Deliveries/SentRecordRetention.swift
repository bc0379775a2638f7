import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import VDXPCore
import VDXPRuntime
import VDXPStore

/// Deletes the documents sent (``SentDocumentStore``, `monitoring.documents`) and the deliveries' times
/// (``DeliveryTimesStore``, `monitoring.deliveries`) older than `retention` (`VDXP_MONITORING_DOCUMENT_RETENTION_DAYS`,
/// default 90). Both tables take a row per document and per delivery from Exchange's journal — tens of millions a year
/// on the national platform — and were never pruned.
///
/// When a row may go. The journal still needs a document for a "delivery.failed" (its sender is alerted, Art. 13.2)
/// and a delivery for its acknowledgement (the latency). Exchange fails every delivery not acknowledged by its
/// deadline: the earlier of `VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES` (240 by default, 43200 — 30 days — at most)
/// after the send and the end of the recipient's working day, checked every `VDXP_EXCHANGE_FAILURE_CHECK_SECONDS`
/// (an hour at most); after that nothing acknowledges it. So 30 days and an hour after a send no entry needs its rows
/// — except after a retry (`RetryDelivery`, allowed at any time after a failure), which gives the delivery a fresh
/// deadline: a delivery's `send_time` is its last send or retry, and a document is kept while one of its deliveries
/// is (``SentDocumentStore/deleteSent(before:limit:on:)``). The retention may not be set under 32 days
/// (``MonitoringSettings/minimumDocumentRetentionDays``: the 30 days, and two more for an Exchange that was down when
/// a deadline passed); the default, 90, also keeps the rows for the sender's later acts — a retract request, a
/// retry, a revocation — which count (in the statistics, and as the sender's activity) only while its document is
/// known, and for the latency of a status reported after the acknowledgement. Past retention those are not counted
/// or have no latency, and a retry of a delivery whose rows were deleted, if it fails again, alerts the operators
/// instead of the sender.
///
/// Measured from the journal, not the wall clock. The cutoff is `retention` before the time of the last journal
/// entry Monitoring applied (its cursor, `last_event_time`), or before now if that is later than now (an Exchange
/// clock running ahead): a Monitoring catching up on days of backlog after an outage still holds every row the
/// entries it has yet to apply may need. Each batch takes the cursor's row lock first, in its own transaction, so it
/// never runs beside a journal batch that reads or writes the same rows (a retry recorded while its delivery is
/// deleted), and a thousand rows at most: no run holds a long lock or a large transaction, and the journal follower
/// waits for one batch's delete at most. Runs every `interval` (an hour) on every replica; the cursor lock puts them
/// in turn.
struct SentRecordRetention: Service {
    let database: Database
    /// Monitoring's journal cursor: the journal time the cutoff counts from, and the lock shared with the follower.
    let cursor: JournalCursorStore
    let documents: SentDocumentStore
    let deliveries: DeliveryTimesStore
    let retention: Duration
    var interval: Duration = .seconds(3600)
    /// Most rows deleted in one transaction.
    var batchSize = 1000
    let clock: WallClock
    let logger: Logger

    /// How many rows one sweep deleted.
    struct Deleted: Sendable, Equatable {
        /// Rows of `monitoring.documents`.
        var documents: Int
        /// Rows of `monitoring.deliveries`.
        var deliveries: Int
    }

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot delete old sent documents") {
            try await sweep()
        }
    }

    /// Deletes every delivery, then every document, past retention at the journal time applied, ``batchSize`` rows a
    /// transaction; returns how many of each.
    @discardableResult
    func sweep() async throws -> Deleted {
        let deliveries = try await deletingInBatches(of: batchSize) { limit in
            try await inBatch { cutoff, connection in
                try await self.deliveries.deleteSent(before: cutoff, limit: limit, on: connection)
            }
        }
        let documents = try await deletingInBatches(of: batchSize) { limit in
            try await inBatch { cutoff, connection in
                try await self.documents.deleteSent(before: cutoff, limit: limit, on: connection)
            }
        }
        let deleted = Deleted(documents: documents, deliveries: deliveries)
        if deleted.documents + deleted.deliveries > 0 {
            logger.info(
                "old sent documents and deliveries' times deleted",
                metadata: ["documents": "\(deleted.documents)", "deliveries": "\(deleted.deliveries)"])
        }
        return deleted
    }

    /// Runs `delete` with the cutoff in a transaction that holds the journal cursor; 0 when no journal entry was
    /// applied yet.
    private func inBatch(
        _ delete: @escaping @Sendable (Date, PostgresConnection) async throws -> Int
    ) async throws -> Int {
        try await database.transaction(logger: logger) { connection in
            _ = try await cursor.lock(on: connection)
            guard let applied = try await cursor.position(on: connection).eventTime else { return 0 }
            let cutoff = min(applied, clock.now()).addingTimeInterval(-retention.timeInterval)
            return try await delete(cutoff, connection)
        }
    }
}
