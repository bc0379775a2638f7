import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Follows Exchange's journal (`StreamJournal`, with Monitoring's service certificate) from the stored cursor: each
/// entry's acting member gets its activity recorded, a failed delivery alerts its sender (``FailedDeliveryAlerts``),
/// the entry counts in the operational statistics (``OperationStatisticsRecorder``), and the cursor advances, in one
/// transaction per batch — restart-safe and exactly once, on any number of replicas (the cursor row is locked for the
/// transaction). The entries that arrived while the previous transaction ran go together in the next one (at most
/// ``batchSize``, `BatchingBuffer`), as in Search and Report. Reconnects after any failure, backing off to 5 s.
///
/// Each round first catches up (`until_head`: the entries chained when it asked) and only then follows live, so that
/// it knows when it has seen everything: it tells the ``JournalWatch`` it is blind when the stream fails or an entry
/// arrives more than ``lagLimit`` after it was recorded (then it catches up again), and that it sees once caught up.
/// While it is blind, members' connection states are held (``JournalBlindness``).
struct JournalFollower: Service {
    let exchange: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let cursor: JournalCursorStore
    /// The documents sent, which a batch reads and writes through ``SentRecords``.
    let documents: SentDocumentStore
    /// The deliveries' times, which a batch reads and writes through ``SentRecords``.
    let deliveries: DeliveryTimesStore
    let tracker: ConnectionTracker
    let failures: FailedDeliveryAlerts
    let statistics: OperationStatisticsRecorder
    let watch: JournalWatch
    let clock: WallClock
    let logger: Logger

    /// An entry applied this long after Exchange recorded it (by the system clocks of both) means Monitoring has
    /// fallen behind: it holds connection states and catches up again.
    static let lagLimit: TimeInterval = 120
    /// The most entries applied in one transaction.
    static let batchSize = 500

    func run() async throws {
        await ReconnectingTask.run({ try await self.followOnce() }) { error in
            if error is FellBehind { return .expected }
            watch.lost(at: clock.now())
            logger.warning(
                "cannot follow Exchange's journal; members' connection states are held until it can",
                metadata: ["exchange": "\(exchange)", "error": "\(loggedDescription(of: error))"])
            return .failed
        }
    }

    /// Live entries arrive too late: the follower is behind and catches up again.
    private struct FellBehind: Error {}

    private func followOnce() async throws {
        let start = try await cursor.position().sequence
        let caughtUp = try await follow(after: start, untilHead: true) { _ in }
        watch.caughtUp(at: clock.now())
        _ = try await follow(after: caughtUp, untilHead: false) { last in
            if Date().timeIntervalSince(last.recordTime.date) > Self.lagLimit {
                watch.lost(at: clock.now())
                logger.warning(
                    "behind Exchange's journal; members' connection states are held until caught up",
                    metadata: ["sequence": "\(last.sequence)"])
                throw FellBehind()
            }
        }
        // The live stream ended (Exchange shutting down): unseen until the next round catches up.
        watch.lost(at: clock.now())
    }

    /// Streams the journal after `sequence` (to its head, or live) and applies it in batches, calling `afterBatch`
    /// with the last entry of each; returns the sequence of the last entry applied.
    private func follow(
        after sequence: Int64, untilHead: Bool,
        afterBatch: (Vdxp_Exchange_V1_JournalEntry) throws -> Void
    ) async throws -> Int64 {
        try await BatchingBuffer.applying(
            journalOf: exchange, after: sequence, untilHead: untilHead, batchSize: Self.batchSize,
            certificatePath: certificatePath, keyPath: keyPath, platformCAPath: platformCAPath
        ) { batch in
            try await apply(batch)
            if let newest = batch.last { try afterBatch(newest) }
        }
    }

    /// Applies `entries` (oldest first) in one transaction, skipping those applied already (a gap after the cursor
    /// throws `JournalGapError`: the follower streams again from the cursor). Each entry's event is
    /// decoded once (``DecodedJournalEntry``); the sent documents and deliveries' times the batch reads are loaded
    /// together and what it changes is written together (``SentRecords``); each member that acted in the batch is
    /// updated once (``MemberActivity/merged(_:)``), after the batch's failed-delivery alerts; and the batch's
    /// operational samples are added together.
    func apply(_ entries: [Vdxp_Exchange_V1_JournalEntry]) async throws {
        try await database.transaction(logger: logger) { connection in
            let batch = try JournalCursorStore.unapplied(entries, after: try await cursor.lock(on: connection))
                .map(DecodedJournalEntry.init)
            guard let last = batch.last?.entry else { return }
            for unreadable in batch where unreadable.event == nil {
                // Counted by no reader (its activity, failure and statistics are lost) and passed, so that one bad
                // entry does not stop the members' connection tracking: said, so that someone looks at it.
                logger.warning(
                    "a journal entry's payload cannot be read; Monitoring passes it without counting it",
                    metadata: [
                        "sequence": "\(unreadable.entry.sequence)", "event_type": "\(unreadable.entry.eventType)",
                        "document": "\(unreadable.entry.documentID)",
                    ])
            }
            var records = try await SentRecords.load(
                for: batch, documents: documents, deliveries: deliveries, on: connection)
            var activities: [MemberActivity] = []
            var samples: [OperationSample] = []
            for decoded in batch {
                let sender =
                    decoded.isSendersAct ? records.document(decoded.entry.documentID)?.senderOrganisationID : nil
                activities += MemberActivity.acts(in: decoded, sender: sender)
                try await failures.apply(decoded, records: &records, on: connection)
                if let sample = statistics.sample(of: decoded, sender: sender, records: &records) {
                    samples.append(sample)
                }
            }
            try await records.save(on: connection)
            for activity in MemberActivity.merged(activities) {
                try await tracker.update(activity.organisationID, activity: activity, on: connection)
            }
            try await statistics.add(samples, on: connection)
            try await cursor.advance(to: last.sequence, eventTime: last.recordTime.date, on: connection)
        }
    }
}
