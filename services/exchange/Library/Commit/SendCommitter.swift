import Crypto
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// A new document that passed every check of `SendDocument` — header rules, recipients, signatures and legal value,
/// its attachments read whole and matching their declared sizes and SHA-256 — waiting for its commit group.
struct PreparedSend: Sendable {
    var header: Vdxp_Exchange_V1_DocumentHeader
    /// SHA-256 of the signed header bytes (for the journal).
    var headerSHA256: Data
    var sender: String
    /// The serialized `SignedDocument`, exactly as received.
    var envelope: [UInt8]
    var envelopeSHA256: Data
    var verdict: DocumentSignatureChecker.Verdict
    var chunks: [(attachment: Int, chunk: Int, data: Data)]
    var attachmentBytes: Int64
    /// Art. 13.2: by when each recipient must acknowledge.
    var acknowledgeDue: Date
    /// Central's working days, from the global configuration the send was checked against.
    var calendar: BusinessCalendar
    /// One delivery id per recipient of the header, in header order.
    var deliveryIDs: [UUID]

    /// Bytes the group carries for it.
    var bytes: Int { Int(attachmentBytes) + envelope.count }
}

/// What became of a prepared send once its group committed.
enum SendOutcome: Sendable {
    /// Stored: the instants as stored, its timeliness and its deliveries (for the answer, built from what was
    /// written).
    case stored(times: DocumentStore.StoredTimes, timeliness: Timeliness, deliveries: [Vdxp_Exchange_V1_SentDelivery])
    /// Its document id was taken (by an earlier document, or by an earlier send of the same group): nothing of it
    /// was written, and the handler answers as for any taken id — the original for an identical retry,
    /// ALREADY_EXISTS otherwise.
    case taken
}

/// Writes new documents in commit groups (`CommitCoalescer`): one transaction, one `now()` as their send time, and
/// one multi-row statement each for the documents, their attachment chunks, their deliveries and their journal
/// entries, plus one statement of NOTIFYs (heard when the group commits). A document whose id is taken is skipped by
/// the insert (`ON CONFLICT DO NOTHING`) and answered `.taken`, so a duplicate or an idempotent retry never fails the
/// others. When a group fails for any other reason, each of its documents is written again alone, so that one bad
/// document fails only itself. Revocations, updates and replacements — which lock and change earlier documents — and
/// documents larger than a group's bytes are not grouped: `SendDocument` writes them in their own transaction.
struct SendCommitter: Sendable {
    private let coalescer: CommitCoalescer<PreparedSend, SendOutcome>

    init(
        database: Database, documents: DocumentStore, deliveries: DeliveryStore, journal: JournalStore,
        settings: ExchangeSettings, logger: Logger
    ) {
        coalescer = CommitCoalescer(
            maximumCount: settings.commitGroupMaximumDocuments, maximumBytes: settings.commitGroupMaximumBytes,
            window: settings.commitGroupWindow, maximumGroupsInFlight: settings.commitGroupsInFlight,
            metrics: CommitGroupMetrics(kind: .send), logger: logger
        ) { group in
            try await Self.writeTogether(
                group, database: database, documents: documents, deliveries: deliveries, journal: journal,
                logger: logger
            ).map { .success($0) }
        }
    }

    /// Writes `send` with the next group; returns once that group committed.
    func commit(_ send: PreparedSend) async throws -> SendOutcome {
        try await coalescer.submit(send, bytes: send.bytes)
    }

    /// Writes a group in one transaction: one outcome per send, in order.
    private static func writeTogether(
        _ group: [PreparedSend], database: Database, documents: DocumentStore, deliveries: DeliveryStore,
        journal: JournalStore, logger: Logger
    ) async throws -> [SendOutcome] {
        try await database.transaction(logger: logger) { connection in
            let sendTime = try await documents.transactionTime(on: connection)
            let timeliness = group.map { send in
                Timeliness.evaluate(
                    signingTime: EdXMLDate.instant(send.header.signingTime) ?? sendTime, sendTime: sendTime,
                    priority: send.header.priority, calendar: send.calendar)
            }
            let inserted = try await documents.insertNew(
                group.indices.map { index in
                    let send = group[index]
                    return DocumentStore.NewDocument(
                        documentID: send.header.documentID, sender: send.sender, envelope: send.envelope,
                        envelopeSHA256: send.envelopeSHA256, header: send.header, attachmentBytes: send.attachmentBytes,
                        sendTime: sendTime, relatedDocumentID: nil, lineageID: send.header.documentID, version: 1,
                        legalValue: send.verdict.legalValue, legalValueReason: send.verdict.reason,
                        timeliness: timeliness[index])
                }, on: connection)
            // Rows are inserted in statement order, so the first send of an id that was written is the one written.
            var written: [Int: DocumentStore.StoredTimes] = [:]
            for row in inserted {
                if let index = group.indices.first(where: {
                    written[$0] == nil && group[$0].header.documentID == row.documentID
                        && group[$0].envelopeSHA256 == row.envelopeSHA256
                }) {
                    written[index] = row.times
                }
            }
            var chunks: [DocumentStore.NewChunk] = []
            var copies: [DeliveryStore.NewCopy] = []
            var entries: [(event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String)] = []
            var outcomes: [SendOutcome] = []
            for (index, send) in group.enumerated() {
                guard let times = written[index] else {
                    outcomes.append(.taken)
                    continue
                }
                let key = DocumentKey(documentID: send.header.documentID, version: 1)
                chunks += send.chunks.map {
                    DocumentStore.NewChunk(key: key, attachment: $0.attachment, chunk: $0.chunk, data: $0.data)
                }
                var sentDeliveries: [Vdxp_Exchange_V1_SentDelivery] = []
                for (recipient, deliveryID) in zip(send.header.recipients, send.deliveryIDs) {
                    copies.append(
                        DeliveryStore.NewCopy(
                            key: key, sender: send.sender, deliveryID: deliveryID, recipient: recipient.organisationID,
                            priority: send.header.priority, acknowledgeDue: send.acknowledgeDue))
                    sentDeliveries.append(
                        .with {
                            $0.recipientOrganisationID = recipient.organisationID
                            $0.deliveryID = deliveryID.uuidString.lowercased()
                        })
                }
                var sent = ExchangeHandlers.documentSent(
                    header: send.header, headerSHA256: send.headerSHA256, sender: send.sender,
                    attachmentBytes: send.attachmentBytes, sendTime: sendTime, relatedDocumentID: nil, version: 1,
                    verdict: send.verdict, timeliness: timeliness[index])
                sent.deliveries = sentDeliveries
                entries.append((.with { $0.documentSent = sent }, "document.sent", send.header.documentID))
                outcomes.append(.stored(times: times, timeliness: timeliness[index], deliveries: sentDeliveries))
            }
            try await documents.insertChunks(chunks, on: connection)
            try await deliveries.queueDocuments(copies, on: connection)
            try await journal.append(contentsOf: entries, on: connection)
            return outcomes
        }
    }
}
