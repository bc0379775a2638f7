import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Follows Exchange's journal (`StreamJournal`, with Search's service certificate) from the stored cursor: the
/// entries' projections (`JournalProjection`) are written to the index and the cursor advances, in one transaction on
/// the primary — restart-safe and exactly once, on any number of replicas (the cursor row is locked for the
/// transaction). The entries that arrived while the previous transaction ran go together in the next one (at most
/// ``batchSize``, `BatchingBuffer`): one commit per entry while they trickle in, one per `batchSize` while catching up
/// after downtime or a rebuild. Reconnects after any failure, backing off to 5 s.
struct JournalFollower: Service {
    let exchange: HostAndPort
    let certificatePath: String
    let keyPath: String
    let platformCAPath: String
    let database: Database
    let cursor: JournalCursorStore
    let index: IndexStore
    let logger: Logger
    /// The most entries written in one transaction.
    static let batchSize = 500

    func run() async throws {
        await ReconnectingTask.run({ try await self.followOnce() }) { error in
            logger.warning(
                "cannot follow Exchange's journal; retrying",
                metadata: ["exchange": "\(exchange)", "error": "\(loggedDescription(of: error))"])
            return .failed
        }
    }

    private func followOnce() async throws {
        _ = try await BatchingBuffer.applying(
            journalOf: exchange, after: try await cursor.position().sequence, batchSize: Self.batchSize,
            certificatePath: certificatePath, keyPath: keyPath, platformCAPath: platformCAPath
        ) { batch in
            try await apply(batch)
        }
    }

    /// Applies `entries` (consecutive, oldest first) in one transaction, skipping those applied already.
    func apply(_ entries: [Vdxp_Exchange_V1_JournalEntry]) async throws {
        try await database.transaction(logger: logger) { connection in
            // A gap means the cursor was moved back (a rebuild emptied the index): reconnecting streams again from
            // the cursor.
            let unapplied = try JournalCursorStore.unapplied(entries, after: try await cursor.lock(on: connection))
            var sent: [String] = []
            var events: [TraceEventRow] = []
            var pending = PendingWrites()
            for entry in unapplied {
                let projection = try JournalProjection(entry: entry)
                sent += try await write(projection, pending: &pending, on: connection)
                events.append(projection.event)
            }
            try await pending.write(to: index, on: connection)
            // Once per batch: a document is listed under its parties at its latest send time, and no statement of
            // the batch reads the trace events.
            try await index.listUnderParties(documentIDs: Array(Set(sent)), on: connection)
            try await index.record(events, on: connection)
            if let last = unapplied.last {
                try await cursor.advance(to: last.sequence, eventTime: last.recordTime.date, on: connection)
            }
        }
    }

    /// Adds one entry's changes to documents and recipients to `pending` (written together when the next change
    /// must follow them, or at the end of the batch); returns the documents it (re)sent, whose parties the batch
    /// refreshes.
    private func write(
        _ projection: JournalProjection, pending: inout PendingWrites, on connection: PostgresConnection
    ) async throws -> [String] {
        var sent: [String] = []
        for change in projection.changes {
            switch change {
            case .document(let fields, let recipients):
                // One statement updates a row once, and a send puts its recipients back to QUEUED after the changes
                // before it: a document with writes pending is sent again after they are written.
                if pending.touches(fields.documentID) { try await pending.write(to: index, on: connection) }
                pending.add(fields, recipients: recipients)
                sent.append(fields.documentID)
            case .recipient(let documentID, let recipientID, let deliveryState, let status, let statusTime):
                pending.change(
                    IndexStore.RecipientChange(
                        documentID: documentID, recipientID: recipientID, deliveryState: deliveryState,
                        status: status, statusTime: statusTime))
            case .withdrawn(let documentID, let partyID):
                pending.withdraw(IndexStore.PartyWithdrawal(documentID: documentID, partyID: partyID))
            }
        }
        return sent
    }
}
