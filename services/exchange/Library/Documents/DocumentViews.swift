import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Documents and recipient states as a member sees them, assembled from the stores (no SQL of its own).
///
/// A view's reads (up to five statements) run on one pooled connection, leased once: each lease and release of
/// PostgresNIO's pool costs about what a small statement does (`vdxp bench rpc`, docs/performance.md). They run
/// outside a transaction, each statement on its own snapshot, as they would on separate connections.
struct DocumentViews: Sendable {
    let documents: DocumentStore
    let deliveries: DeliveryStore
    let statusHistory: StatusHistoryStore
    let retractRequests: RetractRequestStore

    /// The recipient states of one version of a document, with histories, optionally for one recipient only.
    func recipientStates(of key: DocumentKey, recipient: String? = nil) async throws
        -> [Vdxp_Exchange_V1_RecipientState]
    {
        try await documents.database.withConnection { connection in
            try await recipientStates(of: key, recipient: recipient, on: connection)
        }
    }

    /// The recipient states of some document deliveries, with histories and retract requests.
    func recipientStates(for deliveries: [DeliveryRow]) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        guard !deliveries.isEmpty else { return [] }
        return try await documents.database.withConnection { connection in
            try await recipientStates(for: deliveries, on: connection)
        }
    }

    /// The document as `viewer` may see it: all recipients for the sender, its own entry for a recipient, nil for
    /// anyone else (who must not learn that the document exists). A recipient whose copy the sender retracted
    /// (Art. 15.1) sees it without its content (`content_withheld`: no signed document, a header that only
    /// identifies it).
    ///
    /// `documentID` names every version sent under it (an UPDATE may keep its document's id, Art. 15.4): `version`
    /// picks one, else the latest of them `viewer` may see. Unless `exactVersion` or `version`, the answer is the
    /// newest version of the document's lineage that `viewer` may see; `versions` lists every version it may see.
    func documentView(
        _ documentID: String, version: Int32? = nil, viewer: String, includeSigned: Bool, exactVersion: Bool = true
    ) async throws -> Vdxp_Exchange_V1_Document? {
        try await documents.database.withConnection { connection in
            try await documentView(
                documentID, version: version, viewer: viewer, includeSigned: includeSigned,
                exactVersion: exactVersion, on: connection)
        }
    }

    private func recipientStates(
        of key: DocumentKey, recipient: String?, on connection: PostgresConnection
    ) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        try await recipientStates(
            for: try await deliveries.deliveries(
                of: key.documentID, version: key.version, recipient: recipient, on: connection),
            on: connection)
    }

    private func recipientStates(
        for deliveries: [DeliveryRow], on connection: PostgresConnection
    ) async throws -> [Vdxp_Exchange_V1_RecipientState] {
        let ids = deliveries.map(\.deliveryID)
        let histories = try await statusHistory.history(of: ids, on: connection)
        let requests = try await retractRequests.requests(of: ids, on: connection)
        return deliveries.map { delivery in
            delivery.recipientState(
                history: histories[delivery.deliveryID] ?? [], retractRequests: requests[delivery.deliveryID] ?? [])
        }
    }

    private func documentView(
        _ documentID: String, version: Int32?, viewer: String, includeSigned: Bool, exactVersion: Bool,
        on connection: PostgresConnection
    ) async throws -> Vdxp_Exchange_V1_Document? {
        let underID = try await documents.versions(of: documentID, on: connection)
        guard let newest = underID.last else { return nil }
        let isSender = newest.sender == viewer
        var versions =
            underID.count == 1 && newest.version == 1 && newest.supersededBy == nil
            ? underID : try await documents.lineage(newest.lineageID, on: connection)
        if !isSender {
            let received = try await deliveries.received(versions.map(\.key), by: viewer, on: connection)
            versions = versions.filter { received.contains($0.key) }
        }
        let candidates = versions.filter { $0.documentID == documentID && (version == nil || $0.version == version) }
        guard let requested = candidates.last else { return nil }
        let shown = exactVersion || version != nil ? requested : versions.last ?? requested
        let recipients = try await recipientStates(
            of: shown.key, recipient: isSender ? nil : viewer, on: connection)
        let withheld = !isSender && recipients.first?.disposition == .retracted
        return .with {
            $0.documentID = shown.documentID
            $0.senderOrganisationID = shown.sender
            if includeSigned, !withheld { $0.signedDocument = shown.signed }
            let header = DocumentHeaderNormaliser.normalised(shown.header)
            $0.header = withheld ? header.identificationOnly : header
            $0.contentWithheld = withheld
            $0.sendTime = .init(date: shown.sendTime)
            $0.recipients = recipients
            $0.legalValue = shown.legalValue
            $0.legalValueReason = shown.legalValueReason
            if let timeliness = shown.timeliness { $0.timeliness = timeliness }
            $0.version = shown.version
            $0.versions = versions.map(\.versionSummary)
            $0.revokedByDocumentID = shown.revokedBy ?? ""
            $0.supersededByDocumentID = shown.supersededBy ?? ""
            $0.supersededByVersion = shown.supersededByVersion ?? 0
        }
    }
}
