import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// What revoking (Art. 15.3), updating and replacing (Art. 15.4) and retracting (Art. 15.1) do to the recipients'
/// copies of a document. Every function runs inside the caller's transaction, on rows it has locked.
struct DocumentLifecycle: Sendable {
    let documents: DocumentStore
    let deliveries: DeliveryStore
    let journal: JournalStore
    let logger: Logger

    // MARK: Planning a revision

    /// Decides what the document of `header` does to earlier documents: for a revocation, update or replacement,
    /// locks the document named by `related_document_id` and checks that `sender` may act on it (and, for a
    /// revocation, that the recipients are exactly those holding it).
    func plan(
        for header: Vdxp_Exchange_V1_DocumentHeader, sender: String, on connection: PostgresConnection
    ) async throws -> RevisionPlan {
        switch header.businessType {
        case .new, .UNRECOGNIZED:
            return .new
        case .revoke:
            let revoked = try await lockOwnCurrentDocument(
                header.relatedDocumentID, field: "related_document_id", sender: sender, action: "revoke",
                on: connection)
            try await checkRevocationRecipients(header, revoking: revoked, on: connection)
            return .revoke(revoked: revoked)
        case .update, .replace:
            let previous = try await lockOwnCurrentDocument(
                header.relatedDocumentID, field: "related_document_id", sender: sender,
                action: header.businessType.verb, on: connection)
            // Every view and every revision of a document reads each of its versions: bound their number.
            guard previous.version < RevisionPlan.maximumVersions else {
                throw ExchangeError.tooManyVersions(
                    field: "related_document_id", documentID: previous.documentID,
                    maximum: RevisionPlan.maximumVersions)
            }
            return .supersede(previous: previous, kind: header.businessType)
        }
    }

    /// Carries out `plan` once the document of `header` is stored.
    func apply(_ plan: RevisionPlan, by header: Vdxp_Exchange_V1_DocumentHeader, on connection: PostgresConnection)
        async throws
    {
        switch plan {
        case .new: return
        case .revoke(let revoked): try await revoke(revoked, by: header, on: connection)
        case .supersede(let previous, let kind): try await supersede(previous, as: kind, by: header, on: connection)
        }
    }

    /// Locks a document `sender` sent and checks that it is current: not revoked, not superseded, not a revocation.
    func lockOwnCurrentDocument(
        _ documentID: String, field: String, sender: String, action: String, on connection: PostgresConnection
    ) async throws -> DocumentRow {
        let locked = try await documents.lock(documentID, on: connection)
        guard let document = locked, document.sender == sender else {
            if let locked,
                try await !deliveries.deliveries(of: documentID, version: nil, recipient: sender, on: connection)
                    .isEmpty
            {
                throw ExchangeError.notTheSender(
                    field: field, documentID: documentID, sender: locked.sender, action: action)
            }
            throw ExchangeError.relatedDocumentNotFound(field: field, documentID: documentID)
        }
        if document.businessType == .revoke {
            throw ExchangeError.actsOnRevocation(field: field, documentID: documentID)
        }
        if let revokedBy = document.revokedBy {
            throw ExchangeError.actsOnRevoked(
                field: field, documentID: documentID, revokedBy: revokedBy, action: action)
        }
        if let supersededBy = document.supersededBy {
            let current =
                try await documents.lineage(document.lineageID, on: connection).last?.documentID ?? supersededBy
            throw ExchangeError.actsOnSuperseded(
                field: field, documentID: documentID, supersededBy: supersededBy, currentVersion: current,
                action: action)
        }
        return document
    }

    /// A revoking document goes to exactly the recipients that still hold the revoked one.
    private func checkRevocationRecipients(
        _ header: Vdxp_Exchange_V1_DocumentHeader, revoking revoked: DocumentRow, on connection: PostgresConnection
    ) async throws {
        let holders = Set(
            try await deliveries.deliveries(of: revoked.documentID, version: revoked.version, on: connection)
                .filter { $0.disposition == .current }.map(\.recipient))
        let named = Set(header.recipients.map(\.organisationID))
        guard named == holders else {
            let missing = holders.subtracting(named).sorted()
            let extra = named.subtracting(holders).sorted()
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { problems.append("not holding it: \(extra.joined(separator: ", "))") }
            throw ExchangeError.invalidField(
                field: "recipients",
                message:
                    "recipients of a revoking document must be exactly the recipients that hold '\(revoked.documentID)' "
                    + "(\(holders.sorted().joined(separator: ", "))): \(problems.joined(separator: "; "))")
        }
    }

    // MARK: Revoke, update, replace

    /// Marks every current copy of `revoked` REVOKED by the document of `header`; copies not yet acknowledged are
    /// withdrawn from the inbox (the revoking document reaches the recipient instead).
    private func revoke(
        _ revoked: DocumentRow, by header: Vdxp_Exchange_V1_DocumentHeader, on connection: PostgresConnection
    ) async throws {
        try await documents.markRevoked(revoked.key, by: header.documentID, on: connection)
        let recipients = try await deliveries.dispose(
            revoked.key, of: nil, as: .revoked, by: header.documentID, on: connection)
        try await journal.append(
            .with {
                $0.documentRevoked = .with {
                    $0.revokingDocumentID = header.documentID
                    $0.recipientOrganisationIds = recipients.map(\.recipient)
                    $0.reason = header.businessReason
                }
            }, type: "document.revoked", documentID: revoked.documentID, on: connection)
        try await notifyStatus(revoked.documentID, on: connection)
    }

    /// Makes the document of `header` the current version — `previous.version + 1`, under its own id or, for an
    /// UPDATE that keeps it, under `previous`'s: recipients it names see their copy of `previous` SUPERSEDED (the new
    /// version arrives in their inbox); the others see it REMOVED and get a notice if they may already hold it.
    private func supersede(
        _ previous: DocumentRow, as kind: Vdxp_Exchange_V1_BusinessType, by header: Vdxp_Exchange_V1_DocumentHeader,
        on connection: PostgresConnection
    ) async throws {
        let next = DocumentKey(documentID: header.documentID, version: previous.version + 1)
        try await documents.markSuperseded(previous.key, by: next, on: connection)
        let named = header.recipients.map(\.organisationID)
        let kept = try await deliveries.dispose(
            previous.key, of: named, as: .superseded, by: header.documentID, on: connection)
        let removed = try await deliveries.dispose(
            previous.key, of: nil, as: .removed, by: header.documentID, on: connection)
        for copy in removed where copy.mayHoldDocument {
            try await deliveries.queueNotice(
                .with {
                    $0.type = .removed
                    $0.reason = header.businessReason
                    $0.newDocumentID = header.documentID
                }, about: previous.key, sentBy: previous.sender, to: copy.recipient, priority: previous.priority,
                on: connection)
        }
        try await journal.append(
            .with {
                $0.documentSuperseded = .with {
                    $0.newDocumentID = header.documentID
                    $0.businessType = kind
                    $0.supersededRecipientOrganisationIds = kept.map(\.recipient)
                    $0.removedRecipientOrganisationIds = removed.map(\.recipient)
                    $0.previousVersion = previous.version
                    $0.newVersion = next.version
                }
            }, type: "document.superseded", documentID: previous.documentID, on: connection)
        try await notifyStatus(previous.documentID, on: connection)
    }

    /// Wakes the sender's `WatchDocumentStatus` streams of `documentID` on commit.
    func notifyStatus(_ documentID: String, on connection: PostgresConnection) async throws {
        try await ExchangeChannels.notify(
            ExchangeChannels.status, payload: documentID, on: connection, of: documents.database, logger: logger)
    }
}

extension Vdxp_Exchange_V1_BusinessType {
    /// The action in words, for messages: "revoke", "update", "replace".
    var verb: String {
        switch self {
        case .revoke: return "revoke"
        case .update: return "update"
        case .replace: return "replace"
        case .new, .UNRECOGNIZED: return "act on"
        }
    }
}
