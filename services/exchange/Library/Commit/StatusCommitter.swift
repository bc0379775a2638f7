import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// An `UpdateDocumentStatus` or `RejectDocument` call whose request was checked, waiting for its commit group.
struct PendingStatusChange: Sendable {
    /// The status reported (Art. 14.3).
    var status: Vdxp_Exchange_V1_DocumentStatus
    /// The document, by id: its recipient's copy of the latest version sent to it changes.
    var documentID: String
    /// The organisation reporting: the copy's recipient.
    var recipient: String
    /// Who handled the document.
    var handler: Vdxp_Exchange_V1_Handler
    /// The comment, or the reason of a rejection.
    var comment: String
    /// When the status was reached.
    var statusTime: Date
}

/// The statements of one status change, on a caller's transaction: ``check(_:on:)`` locks the copy and decides
/// whether the change may be made, writing nothing; ``write(_:to:on:)`` records it. A refusal is therefore
/// answered with nothing to undo, so that other changes of the same transaction (a commit group) stand.
struct StatusChangeWriter: Sendable {
    let deliveries: DeliveryStore
    let statusHistory: StatusHistoryStore
    let journal: JournalStore
    let lifecycle: DocumentLifecycle

    /// The recipient's current copy, locked, when `change` may be made to it; the refusal otherwise (no such copy,
    /// a copy revoked, updated or replaced, a transition the status machine forbids, a time before the copy's last
    /// status). Throws only what the database throws.
    func check(
        _ change: PendingStatusChange, on connection: PostgresConnection
    ) async throws -> Result<DeliveryRow, any Error> {
        guard let copy = try await deliveries.lockCopy(of: change.documentID, to: change.recipient, on: connection)
        else {
            return .failure(ExchangeError.documentNotFound(documentID: change.documentID))
        }
        guard copy.disposition == .current else {
            return .failure(
                ExchangeError.copyNotCurrent(
                    documentID: change.documentID, disposition: copy.disposition, disposedBy: copy.disposedBy))
        }
        do {
            try DocumentStatusMachine.transition(from: copy.status, to: change.status)
        } catch {
            return .failure(error)
        }
        if let previous = try await statusHistory.latestStatusTime(of: copy.deliveryID, on: connection),
            change.statusTime < previous.addingTimeInterval(-1)
        {
            return .failure(
                ExchangeError.invalidField(
                    field: "status_time",
                    message:
                        "status_time \(change.statusTime) is before the previous status (\(previous)): statuses "
                        + "happen in order"))
        }
        return .success(copy)
    }

    /// Records `change` of `copy` (checked by ``check(_:on:)``): the copy's status, its history, the journal entry,
    /// and the wake-up of the document's status watchers on commit.
    func write(_ change: PendingStatusChange, to copy: DeliveryRow, on connection: PostgresConnection) async throws {
        try await deliveries.setStatus(change.status, of: copy.deliveryID, on: connection)
        try await statusHistory.append(
            change.status, of: copy.deliveryID, at: change.statusTime, handler: change.handler,
            comment: change.comment, on: connection)
        try await journal.append(
            .with {
                $0.statusChanged = .with {
                    $0.recipientOrganisationID = change.recipient
                    $0.deliveryID = copy.id
                    $0.change = .with {
                        $0.status = change.status
                        $0.statusTime = .init(date: change.statusTime)
                        $0.handler = change.handler
                        $0.comment = change.comment
                    }
                }
            }, type: "status.changed", documentID: change.documentID, on: connection)
        try await lifecycle.notifyStatus(change.documentID, on: connection)
    }
}

/// Writes status changes in commit groups (`CommitCoalescer`), as `AcknowledgementCommitter` writes
/// acknowledgements: one transaction, one durable commit, for the changes reported at the same moment — a burst of
/// REGISTERED and COMPLETED at the end of the working day. The group's copies are locked in document and recipient
/// order (so that concurrent groups lock in the same order), and two changes of one copy in a group are made in the
/// order they came. Each call is answered with its own outcome: its copy's version once the group committed, or its
/// own refusal — never another's. A group that fails for any other reason is written again change by change.
struct StatusCommitter: Sendable {
    private let coalescer: CommitCoalescer<PendingStatusChange, DocumentKey>

    init(database: Database, writer: StatusChangeWriter, settings: ExchangeSettings, logger: Logger) {
        coalescer = CommitCoalescer(
            maximumCount: settings.commitGroupMaximumDocuments, maximumBytes: Int.max,
            window: settings.commitGroupWindow, maximumGroupsInFlight: settings.commitGroupsInFlight, logger: logger
        ) { group in
            try await Self.write(group, database: database, writer: writer, logger: logger)
        }
    }

    /// Records `change` with the next group; returns the version of the copy it changed once the group committed.
    func record(_ change: PendingStatusChange) async throws -> DocumentKey {
        try await coalescer.submit(change, bytes: 1)
    }

    private static func write(
        _ group: [PendingStatusChange], database: Database, writer: StatusChangeWriter, logger: Logger
    ) async throws -> [Result<DocumentKey, any Error>] {
        let order = group.indices.sorted { a, b in
            (group[a].documentID, group[a].recipient, a) < (group[b].documentID, group[b].recipient, b)
        }
        return try await database.transaction(logger: logger) { connection in
            var outcomes = [Result<DocumentKey, any Error>?](repeating: nil, count: group.count)
            for index in order {
                let change = group[index]
                switch try await writer.check(change, on: connection) {
                case .success(let copy):
                    try await writer.write(change, to: copy, on: connection)
                    outcomes[index] = .success(copy.documentKey)
                case .failure(let refusal):
                    outcomes[index] = .failure(refusal)
                }
            }
            return outcomes.map { $0! }
        }
    }
}
