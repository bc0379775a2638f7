import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// An `AcknowledgeDelivery` call whose request was checked, waiting for its commit group.
struct PendingAcknowledgement: Sendable {
    var deliveryID: UUID
    /// The delivery id as the request wrote it (for the refusals' messages).
    var requestedID: String
    /// The organisation acknowledging: the delivery must be addressed to it.
    var recipient: String
    /// Who status ARRIVED is recorded as made by: the recipient's system.
    var handler: Vdxp_Exchange_V1_Handler
}

/// Writes acknowledgements in commit groups (`CommitCoalescer`), as `SendCommitter` writes sends: one transaction
/// locks every delivery of the group (in delivery id order), marks those waiting ACKNOWLEDGED and ARRIVED with one
/// statement each, records their status changes and journal entries with one statement each, and wakes the status
/// watchers on commit; the documents for the answers are read with one query after commit. Each call is answered
/// with its own outcome: the delivery as acknowledged (also when it already was: acknowledging is idempotent), or
/// its own refusal (not addressed to the caller, withdrawn, failed) — never another's. A group that fails for any
/// other reason is written again acknowledgement by acknowledgement.
struct AcknowledgementCommitter: Sendable {
    private let coalescer: CommitCoalescer<PendingAcknowledgement, (DeliveryRow, DocumentRow)>

    init(
        database: Database, documents: DocumentStore, deliveries: DeliveryStore, statusHistory: StatusHistoryStore,
        journal: JournalStore, settings: ExchangeSettings, logger: Logger
    ) {
        coalescer = CommitCoalescer(
            maximumCount: settings.commitGroupMaximumDocuments, maximumBytes: Int.max,
            window: settings.commitGroupWindow, maximumGroupsInFlight: settings.commitGroupsInFlight,
            metrics: CommitGroupMetrics(kind: .acknowledgement), logger: logger
        ) { group in
            try await Self.write(
                group, database: database, documents: documents, deliveries: deliveries,
                statusHistory: statusHistory, journal: journal, logger: logger)
        }
    }

    /// Acknowledges with the next group; returns the delivery as acknowledged and its document once the group
    /// committed.
    func acknowledge(_ pending: PendingAcknowledgement) async throws -> (DeliveryRow, DocumentRow) {
        try await coalescer.submit(pending, bytes: 1)
    }

    private static func write(
        _ group: [PendingAcknowledgement], database: Database, documents: DocumentStore, deliveries: DeliveryStore,
        statusHistory: StatusHistoryStore, journal: JournalStore, logger: Logger
    ) async throws -> [Result<(DeliveryRow, DocumentRow), any Error>] {
        let rows: [Result<DeliveryRow, any Error>] = try await database.transaction(logger: logger) { connection in
            var locked = try await deliveries.lock(
                group.map { (deliveryID: $0.deliveryID, recipient: $0.recipient) }, on: connection)
            var acknowledged: [UUID] = []
            var arrived: [(deliveryID: UUID, handler: Vdxp_Exchange_V1_Handler)] = []
            var entries: [(event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String)] = []
            var outcomes: [Result<DeliveryRow, any Error>] = []
            for pending in group {
                let id = pending.requestedID
                guard var row = locked[pending.deliveryID] else {
                    outcomes.append(.failure(ExchangeError.deliveryNotAddressedToCaller(deliveryID: id)))
                    continue
                }
                switch row.state {
                case .acknowledged:
                    outcomes.append(.success(row))
                    continue
                case .withdrawn:
                    outcomes.append(
                        .failure(
                            ExchangeError.deliveryWithdrawn(
                                deliveryID: id, documentID: row.documentID, disposition: row.disposition)))
                    continue
                case .failed:
                    outcomes.append(
                        .failure(
                            ExchangeError.deliveryFailed(
                                deliveryID: id, attempts: row.attemptCount, reason: row.failReason)))
                    continue
                default:
                    break
                }
                acknowledged.append(row.deliveryID)
                row.state = .acknowledged
                row.leaseExpires = nil
                if row.kind != .notice {
                    row.status = .arrived
                    arrived.append((deliveryID: row.deliveryID, handler: pending.handler))
                    entries.append(
                        (
                            .with {
                                $0.deliveryAcknowledged = .with {
                                    $0.recipientOrganisationID = pending.recipient
                                    $0.deliveryID = id.lowercased()
                                    $0.attempt = row.attemptCount
                                }
                            }, "delivery.acknowledged", row.documentID
                        ))
                }
                // A second acknowledgement of the same delivery in the group finds it acknowledged.
                locked[row.deliveryID] = row
                outcomes.append(.success(row))
            }
            try await deliveries.acknowledge(acknowledged, on: connection)
            try await statusHistory.append(
                .arrived, of: arrived.map(\.deliveryID), handlers: arrived.map(\.handler),
                notifying: entries.map(\.documentID), on: connection)
            try await journal.append(contentsOf: entries, on: connection)
            return outcomes
        }
        let keys = Set(
            rows.compactMap { try? $0.get() }.map { DocumentKey(documentID: $0.documentID, version: $0.version) })
        let found = try await documents.documents(Array(keys))
        return zip(group, rows).map { pending, outcome in
            outcome.flatMap { row in
                guard let document = found[DocumentKey(documentID: row.documentID, version: row.version)] else {
                    return .failure(ExchangeError.deliveryNotAddressedToCaller(deliveryID: pending.requestedID))
                }
                return .success((row, document))
            }
        }
    }
}
