import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import Synchronization
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Follows Exchange's journal (`StreamJournal`, with Report's service certificate) from the stored cursor: the
/// entries' counts (``RollupProjection``) are applied and the cursor advances in one transaction — restart-safe and
/// exactly once, on any number of replicas (the cursor row is locked for the transaction). The entries that arrived
/// while the previous transaction ran go together in the next one (at most ``batchSize``, `BatchingBuffer`): one
/// commit per entry while they trickle in, one per `batchSize` while catching up. Reconnects after any failure,
/// backing off to 5 s.
struct JournalFollower: Service {
    let exchange: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let applier: JournalApplier
    let logger: Logger
    /// The most entries applied in one transaction.
    static let batchSize = 500

    func run() async throws {
        await ReconnectingTask.run({ try await self.followOnce() }) { error in
            if error is ProjectionReset {
                logger.notice("the figures were reset for a rebuild: counting Exchange's journal from its first entry")
                return .expected
            }
            logger.warning(
                "cannot follow Exchange's journal; retrying",
                metadata: ["exchange": "\(exchange)", "error": "\(loggedDescription(of: error))"])
            return .failed
        }
    }

    private func followOnce() async throws {
        let resets = applier.resets.count
        _ = try await BatchingBuffer.applying(
            journalOf: exchange, after: try await applier.cursor.position().sequence, batchSize: Self.batchSize,
            certificatePath: certificatePath, keyPath: keyPath, platformCAPath: platformCAPath,
            alongside: { [applier] buffer in
                // A rebuild in this process restarts the stream from 0 at once, even when no new entry comes to
                // reveal the reset (replicas notice it at their next entry: the cursor no longer matches the stream).
                while applier.resets.count == resets { try await Task.sleep(for: .milliseconds(200)) }
                buffer.finish(throwing: ProjectionReset(), discardingBuffered: true)
            }
        ) { batch in
            try await applier.apply(batch)
        }
    }
}

/// Applies journal entries to Report's read model, each in its own transaction with the cursor.
struct JournalApplier: Sendable {
    let database: Database
    let cursor: JournalCursorStore
    let projection: ProjectionStore
    /// The working days Central publishes in the global configuration (Art. 13.2); nil until it is held.
    let calendar: @Sendable () -> BusinessCalendar?
    let logger: Logger
    /// Counts the resets made by this process, so that its follower restarts from 0.
    let resets = ResetCounter()

    /// Applies `entries` (consecutive, oldest first) in one transaction, skipping those applied already. The batch is
    /// projected in memory (``ProjectionBatch``) from the facts it reads once, and written at its end with a few
    /// statements whatever its size.
    func apply(_ entries: [Vdxp_Exchange_V1_JournalEntry]) async throws {
        guard let calendar = self.calendar() else { throw NoCalendarError() }
        try await database.transaction(logger: logger) { connection in
            // A gap means the cursor moved under the stream (a rebuild put it back to 0): the follower reconnects
            // from the stored cursor.
            let pending = try JournalCursorStore.unapplied(entries, after: try await cursor.lock(on: connection)).map {
                (entry: $0, event: try Vdxp_Exchange_V1_JournalEvent(serializedBytes: $0.payload))
            }
            guard let last = pending.last?.entry else { return }
            let named = Set(pending.flatMap { RollupProjection.deliveryIDs(in: $0.event) })
            var stored = try await projection.facts(Array(named), on: connection)
            let disposing = Set(pending.filter { RollupProjection.disposesCopies($0.event) }.map(\.entry.documentID))
            if !disposing.isEmpty {
                stored.merge(try await projection.facts(ofDocuments: Array(disposing), on: connection)) { $1 }
            }
            var batch = ProjectionBatch(stored: stored)
            // The store does not change until the batch is written, so each day's open copies are read once.
            var storedOpen: [VietnamDay: [DeliveryFacts]] = [:]
            for (entry, event) in pending {
                // The journal is the clock of the due dates (QĐ 28 10.2.o): the copies due before this entry's day
                // and still open become overdue first, then the entry counts on facts that already say so.
                let day = VietnamDay(containing: entry.recordTime.date)
                if storedOpen[day] == nil {
                    storedOpen[day] = try await projection.openDeliveries(dueBefore: day, on: connection)
                }
                let open = batch.openCandidates(dueBefore: day, stored: storedOpen[day] ?? [])
                if !open.isEmpty { batch.apply(RollupProjection.overdue(open, asOf: day)) }
                batch.apply(
                    RollupProjection.step(
                        documentID: entry.documentID, event: event, recordTime: entry.recordTime.date,
                        known: RollupProjection.disposesCopies(event)
                            ? batch.facts(ofDocument: entry.documentID)
                            : batch.facts(of: RollupProjection.deliveryIDs(in: event)), calendar: calendar))
            }
            try await projection.write(batch, on: connection)
            try await cursor.advance(to: last.sequence, eventTime: last.recordTime.date, on: connection)
        }
    }

    /// Empties the read model and the cursor, so that the follower counts the journal again from its first entry
    /// (`vdxp report rebuild`); the follower picks up from 0 at its next reconnect.
    func reset() async throws {
        try await database.transaction(logger: logger) { connection in
            _ = try await cursor.lock(on: connection)
            try await projection.reset(on: connection)
            try await cursor.reset(on: connection)
        }
        resets.increment()
    }
}

/// Report holds no global configuration yet, so it has no working-day calendar to count Art. 13.2 with: the
/// follower waits and follows again.
struct NoCalendarError: Error, CustomStringConvertible {
    var description: String {
        "no global configuration from Central yet (its working-day calendar counts Art. 13.2): waiting for it"
    }
}

/// The read model was reset: the follower drops its stream and follows again from the stored cursor (0).
struct ProjectionReset: Error, CustomStringConvertible {
    var description: String { "the figures were reset for a rebuild: following the journal again from its start" }
}

/// How many times this process reset the read model.
final class ResetCounter: Sendable {
    private let value = Mutex(0)

    /// The resets so far.
    var count: Int { value.withLock { $0 } }

    /// Counts one more.
    func increment() { value.withLock { $0 += 1 } }
}
