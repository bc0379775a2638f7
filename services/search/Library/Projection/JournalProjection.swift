import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// What one journal entry does to the index, worked out without I/O: the trace event it adds and the changes to
/// the document and its recipients. `IndexWriter` applies them; tests read them directly.
struct JournalProjection: Sendable {
    /// A change to the index.
    enum Change: Sendable {
        /// The document was (re)sent: store its fields and queue each recipient.
        case document(IndexStore.DocumentFields, recipients: [String])
        /// A recipient's delivery state and/or status changed.
        case recipient(
            documentID: String, recipientID: String, deliveryState: Vdxp_Exchange_V1_DeliveryState?,
            status: Vdxp_Exchange_V1_DocumentStatus?, statusTime: Date?)
        /// The document is no longer the recipient's to read, so it must no longer find it: the sender took it back
        /// (Art. 15.1, at once or with its agreement), or an UPDATE that kept the id left it out (the index holds
        /// that id's latest version only, which was not sent to it).
        case withdrawn(documentID: String, partyID: String)
    }

    /// The trace event for the entry.
    var event: TraceEventRow
    /// The changes, in order.
    var changes: [Change]

    /// The projection of `entry`. Throws when the payload is not a `JournalEvent` (a journal Search cannot read).
    init(entry: Vdxp_Exchange_V1_JournalEntry) throws {
        let payload = try Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload)
        let documentID = entry.documentID
        let time = entry.recordTime.date
        var event = TraceEventRow(
            sequence: entry.sequence, documentID: documentID, eventTime: time, eventType: entry.eventType,
            actorID: "", recipientID: "", status: .unspecified, description: "", entryHash: entry.hash)
        var changes: [Change] = []
        let sender = (try? DocumentID(validating: documentID))?.organisationID.rawValue ?? ""
        switch payload.event {
        case .documentSent(let sent):
            let id = try? DocumentID(validating: documentID)
            event.actorID = sent.senderOrganisationID
            let recipients = sent.deliveries.map(\.recipientOrganisationID)
            event.description = TraceTexts.sent(
                by: sent.senderOrganisationID, to: recipients, businessType: sent.businessType,
                related: sent.relatedDocumentID, version: Int(sent.version))
            let fields = IndexStore.DocumentFields(
                documentID: documentID, senderID: sent.senderOrganisationID,
                senderLevel1: Self.level1(of: sent.senderOrganisationID),
                numberAndNotation: id?.numberAndNotation ?? "", issueYear: id?.year ?? 0, subject: sent.subject,
                typeName: sent.documentTypeName, priority: Int(sent.priority), businessType: sent.businessType,
                relatedDocumentID: sent.relatedDocumentID, version: max(Int(sent.version), 1),
                legalValue: sent.legalValue, sendTime: sent.hasSendTime ? sent.sendTime.date : time,
                sequence: entry.sequence, typeCode: Int(sent.documentTypeCode),
                senderName: sent.senderOrganisationName, signerCompetence: sent.signer.competence,
                signerPosition: sent.signer.position, signerName: sent.signer.fullName,
                promulgationPlace: sent.promulgation.place,
                promulgationDate: EdXMLDate.calendarDate(sent.promulgation.date)?.iso8601,
                dueDate: EdXMLDate.calendarDate(sent.dueDate)?.iso8601, responseFor: sent.responseFor,
                parties: Set([sent.senderOrganisationID] + recipients).sorted(),
                partyLevel1: Set(([sent.senderOrganisationID] + recipients).map(Self.level1(of:)))
                    .filter { !$0.isEmpty }.sorted())
            changes.append(.document(fields, recipients: recipients))
        case .deliveryAcknowledged(let acknowledged):
            event.actorID = acknowledged.recipientOrganisationID
            event.recipientID = acknowledged.recipientOrganisationID
            event.status = .arrived
            event.description = TraceTexts.status(.arrived, by: acknowledged.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: acknowledged.recipientOrganisationID,
                    deliveryState: .acknowledged, status: .arrived, statusTime: time))
        case .statusChanged(let changed):
            event.actorID = changed.recipientOrganisationID
            event.recipientID = changed.recipientOrganisationID
            event.status = changed.change.status
            event.description = TraceTexts.status(changed.change.status, by: changed.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: changed.recipientOrganisationID, deliveryState: nil,
                    status: changed.change.status,
                    statusTime: changed.change.hasStatusTime ? changed.change.statusTime.date : time))
        case .retractRequested(let requested):
            event.actorID = sender
            event.recipientID = requested.recipientOrganisationID
            event.status = .retractRequested
            event.description = TraceTexts.retractRequested(from: requested.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: requested.recipientOrganisationID, deliveryState: nil,
                    status: .retractRequested, statusTime: time))
        case .retractAnswered(let answered):
            let status: Vdxp_Exchange_V1_DocumentStatus = answered.accepted ? .retractAccepted : .retractRefused
            event.actorID = answered.recipientOrganisationID
            event.recipientID = answered.recipientOrganisationID
            event.status = status
            event.description = TraceTexts.status(status, by: answered.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: answered.recipientOrganisationID, deliveryState: nil,
                    status: status, statusTime: time))
            if answered.accepted {
                changes.append(.withdrawn(documentID: documentID, partyID: answered.recipientOrganisationID))
            }
        case .documentRetracted(let retracted):
            event.actorID = sender
            event.recipientID = retracted.recipientOrganisationID
            event.status = .retractAccepted
            event.description = TraceTexts.retracted(from: retracted.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: retracted.recipientOrganisationID,
                    deliveryState: .withdrawn, status: .retractAccepted, statusTime: time))
            changes.append(.withdrawn(documentID: documentID, partyID: retracted.recipientOrganisationID))
        case .documentRevoked(let revoked):
            event.actorID = sender
            event.description = TraceTexts.revoked(by: revoked.revokingDocumentID)
        case .documentSuperseded(let superseded):
            event.actorID = sender
            event.description = TraceTexts.superseded(
                by: superseded.newDocumentID, version: Int(superseded.newVersion))
            for removed in superseded.removedRecipientOrganisationIds {
                changes.append(
                    .recipient(
                        documentID: documentID, recipientID: removed, deliveryState: .withdrawn, status: nil,
                        statusTime: nil))
                if superseded.newDocumentID == documentID {
                    changes.append(.withdrawn(documentID: documentID, partyID: removed))
                }
            }
        case .revocationConfirmed(let confirmed):
            event.actorID = confirmed.recipientOrganisationID
            event.recipientID = confirmed.recipientOrganisationID
            event.description = TraceTexts.revocationConfirmed(by: confirmed.recipientOrganisationID)
        case .deliveryFailed(let failed):
            event.recipientID = failed.recipientOrganisationID
            event.description = TraceTexts.failed(to: failed.recipientOrganisationID, attempts: Int(failed.attempts))
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: failed.recipientOrganisationID, deliveryState: .failed,
                    status: nil, statusTime: nil))
        case .deliveryRetried(let retried):
            event.actorID = sender
            event.recipientID = retried.recipientOrganisationID
            event.description = TraceTexts.retried(to: retried.recipientOrganisationID)
            changes.append(
                .recipient(
                    documentID: documentID, recipientID: retried.recipientOrganisationID, deliveryState: .queued,
                    status: nil, statusTime: nil))
        case nil:
            event.description = "Sự kiện \(entry.eventType) (Search chưa đọc được loại sự kiện này)"
        }
        self.event = event
        self.changes = changes
    }

    /// The level-1 unit of an organisation id (its last group, e.g. `G12`), empty for one that has none.
    static func level1(of organisationID: String) -> String {
        (try? OrganisationID(validating: organisationID))?.level1Unit ?? ""
    }
}
