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
    /// When the status was reached, as the recipient reported it; nil when it did not (and for 02, which takes no
    /// time): then the time the platform records it, its transaction's — the clock 01 ARRIVED is stamped with, so
    /// that a replica's clock running behind the database's cannot put 02 before 01.
    var statusTime: Date?
}

/// Writes status changes in commit groups (`CommitCoalescer`), as `AcknowledgementCommitter` writes
/// acknowledgements: one transaction, one durable commit and a handful of statements (``StatusChangeWriter``) for the
/// changes reported at the same moment — a burst of REGISTERED and COMPLETED at the end of the working day. The
/// group's copies are locked in document and recipient order (so that concurrent groups lock in the same order), and
/// two changes of one copy in a group are made in the order they came. Each call is answered with its own outcome: its copy's state once the group committed, or its
/// own refusal — never another's. A group that fails for any other reason is written again change by change.
struct StatusCommitter: Sendable {
    private let coalescer: CommitCoalescer<PendingStatusChange, Vdxp_Exchange_V1_RecipientState>

    init(database: Database, writer: StatusChangeWriter, settings: ExchangeSettings, logger: Logger) {
        coalescer = CommitCoalescer(
            maximumCount: settings.commitGroupMaximumDocuments, maximumBytes: Int.max,
            window: settings.commitGroupWindow, maximumGroupsInFlight: settings.commitGroupsInFlight,
            metrics: CommitGroupMetrics(kind: .status), logger: logger
        ) { group in
            try await Self.write(group, database: database, writer: writer, logger: logger)
        }
    }

    /// Records `change` with the next group; returns the recipient's state of the copy it changed once the group
    /// committed.
    func record(_ change: PendingStatusChange) async throws -> Vdxp_Exchange_V1_RecipientState {
        try await coalescer.submit(change, bytes: 1)
    }

    private static func write(
        _ group: [PendingStatusChange], database: Database, writer: StatusChangeWriter, logger: Logger
    ) async throws -> [Result<Vdxp_Exchange_V1_RecipientState, any Error>] {
        try await database.transaction(logger: logger) { connection in
            try await writer.write(group, on: connection)
        }
    }
}
