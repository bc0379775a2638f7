import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// Documents and recipient states as a member sees them, assembled from the stores (no SQL of its own).
struct DocumentViews: Sendable {
    let documents: DocumentStore
    let deliveries: DeliveryStore
    let statusHistory: StatusHistoryStore
    let retractRequests: RetractRequestStore

    /// The recipient states of a document, with histories, optionally for one recipient only.
    func recipientStates(of documentID: String, recipient: String? = nil) async throws
        -> [Vdxp_Exchange_V1_RecipientState]
    {
        try await recipientStates(for: try await deliveries.deliveries(of: documentID, recipient: recipient))
    }

    /// The recipient states of some document deliveries, with histories and retract requests.
    func recipientStates(for deliveries: [DeliveryRow]) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        let ids = deliveries.map(\.deliveryID)
        let histories = try await statusHistory.history(of: ids)
        let requests = try await retractRequests.requests(of: ids)
        return deliveries.map { delivery in
            delivery.recipientState(
                history: histories[delivery.deliveryID] ?? [], retractRequests: requests[delivery.deliveryID] ?? [])
        }
    }

    /// The document as `viewer` may see it: all recipients for the sender, its own entry for a recipient, nil for
    /// anyone else (who must not learn that the document exists).
    ///
    /// Unless `exactVersion`, the answer is the newest version of the document's lineage that `viewer` may see;
    /// `versions` lists every version it may see.
    func documentView(
        _ documentID: String, viewer: String, includeSigned: Bool, exactVersion: Bool = true
    ) async throws -> Vdxp_Exchange_V1_Document? {
        guard let requested = try await documents.document(documentID) else { return nil }
        let isSender = requested.sender == viewer
        var versions =
            requested.version == 1 && requested.supersededBy == nil
            ? [requested] : try await documents.lineage(requested.lineageID)
        if !isSender {
            let received = try await deliveries.received(versions.map(\.documentID), by: viewer)
            versions = versions.filter { received.contains($0.documentID) }
        }
        guard versions.contains(where: { $0.documentID == documentID }) else { return nil }
        let shown = exactVersion ? requested : versions.last ?? requested
        let recipients = try await recipientStates(of: shown.documentID, recipient: isSender ? nil : viewer)
        return .with {
            $0.documentID = shown.documentID
            $0.senderOrganisationID = shown.sender
            if includeSigned { $0.signedDocument = shown.signed }
            $0.header = DocumentHeaderNormaliser.normalised(shown.header)
            $0.sendTime = .init(date: shown.sendTime)
            $0.recipients = recipients
            $0.legalValue = shown.legalValue
            $0.legalValueReason = shown.legalValueReason
            if let timeliness = shown.timeliness { $0.timeliness = timeliness }
            $0.version = shown.version
            $0.versions = versions.map(\.versionSummary)
            $0.revokedByDocumentID = shown.revokedBy ?? ""
            $0.supersededByDocumentID = shown.supersededBy ?? ""
        }
    }
}
