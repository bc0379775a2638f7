import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Marks FAILED the document deliveries that were not acknowledged in time (Art. 13.2: the sender handles an
/// unsuccessful send within the working day, so it must learn of it that day), journals each as "delivery.failed"
/// with its reason and the day by which the sender handles it (`handle_by_date`), and wakes the senders' status
/// streams. A waiting delivery (QUEUED or LEASED) fails
/// - at once when its recipient left TRIAL/OFFICIAL in the global configuration Exchange holds — RECIPIENT_CLOSED,
///   naming the successor, for a closed id; RECIPIENT_NOT_CONNECTED otherwise (suspended, cut off, not listed) —
///   by a replica whose copy is the newest any replica swept with (``ConfigurationSeenStore``);
/// - when its acknowledgement deadline (`AcknowledgementDeadline`, read on the injected clock) has passed —
///   NOT_ACKNOWLEDGED_IN_TIME;
/// - when its last allowed lease (`VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS`) expired — ATTEMPTS_EXHAUSTED.
/// Each sweep also gives their sender to deliveries a replica of the build before Exchange migration 12 failed without
/// it (``DeliveryStore/attributeFailures(limit:on:)``). Checked every `interval`. Exactly once and safe on every
/// replica: each statement claims rows with `FOR UPDATE SKIP LOCKED` and fails only deliveries still waiting, in one
/// transaction with their journal entries.
struct DeliveryFailureSweeper: Service {
    let database: Database
    let deliveries: DeliveryStore
    let journal: JournalStore
    /// The global configuration Exchange follows: which recipients are connected, closed, and their successors.
    let configuration: GlobalConfigurationStore
    let maximumAttempts: Int
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    /// The newest configuration version any replica swept with.
    var seen: ConfigurationSeenStore { ConfigurationSeenStore(database: database, logger: logger) }

    /// Sweeps every `interval` until graceful shutdown, a full batch at a time.
    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot mark failed deliveries") {
            while try await sweep() == Self.batch {}
        }
    }

    /// Most deliveries failed in one transaction, for each reason.
    static let batch = 500

    /// Marks one batch; returns how many deliveries failed for the reason that failed the most (a full batch means
    /// more may wait).
    @discardableResult
    func sweep() async throws -> Int {
        let maximumAttempts = self.maximumAttempts
        let deliveries = self.deliveries
        let journal = self.journal
        let logger = self.logger
        let now = clock.now()
        // Without a valid configuration nobody can tell who is connected: that rule waits for one.
        let snapshot = configuration.current()
        // The day by which the senders handle these failures (Art. 13.2), by the calendar in force now.
        let handleBy = snapshot.map { $0.calendar.addingWorkingDays(0, to: CalendarDate(now)) }
        return try await database.transaction(logger: logger) { connection in
            // Failures a replica of the previous build wrote during a rollout, without their sender (this build's
            // failing statements write it).
            try await deliveries.attributeFailures(limit: Self.batch, on: connection)
            var batches: [[DeliveryStore.FailedDelivery]] = []
            // A copy older than another replica's (its stream to Central broke; it stays valid for up to 15
            // minutes) may still show suspended a member Central has since resumed: failing would be final, so this
            // rule waits for a replica that holds the newest copy.
            if let snapshot, try await seen.record(snapshot.version, on: connection) > snapshot.version {
                logger.notice(
                    """
                    this replica's global configuration is older than another replica's: it leaves the deliveries \
                    to recipients that left TRIAL/OFFICIAL to a replica with the newest
                    """, metadata: ["version": "\(snapshot.version)"])
            } else if let snapshot {
                let connected = snapshot.parties.values.filter { ConnectionLifecycle.canExchange($0.state) }
                let closed = snapshot.parties.values.filter { $0.state == .closed }
                batches.append(
                    try await deliveries.failDisconnected(
                        connected: connected.map(\.organisationID), closed: closed.map(\.organisationID),
                        successors: closed.map(\.successorOrganisationID), limit: Self.batch, on: connection))
            }
            batches.append(try await deliveries.failOverdue(now: now, limit: Self.batch, on: connection))
            batches.append(
                try await deliveries.failExhausted(
                    maximumAttempts: maximumAttempts, limit: Self.batch, on: connection))
            let failed = batches.flatMap { $0 }
            for delivery in failed {
                try await journal.append(
                    .with {
                        $0.deliveryFailed = .with {
                            $0.recipientOrganisationID = delivery.recipient
                            $0.deliveryID = delivery.deliveryID.uuidString.lowercased()
                            $0.attempts = Int32(delivery.attempts)
                            $0.reason = delivery.reason
                            $0.successorOrganisationID = delivery.successor
                            if let due = delivery.acknowledgeDue { $0.acknowledgeDeadline = .init(date: due) }
                            if let handleBy { $0.handleByDate = handleBy.iso8601 }
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
            return batches.map(\.count).max() ?? 0
        }
    }
}
