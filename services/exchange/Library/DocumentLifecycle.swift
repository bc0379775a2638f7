import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// What revoking (Art. 15.3), updating and replacing (Art. 15.4) and retracting (Art. 15.1) do to the recipients'
/// copies of a document. Every function runs inside the caller's transaction, on rows it has locked.
struct DocumentLifecycle: Sendable {
    let repository: ExchangeRepository
    let journal: JournalWriter
    let logger: Logger

    // MARK: The document acted on

    /// Locks the document named by `header.related_document_id` and checks that `sender` may revoke, update or
    /// replace it: its sender, and its current version, not revoked and not itself a revocation.
    func lockRelated(
        of header: Vdxp_Exchange_V1_DocumentHeader, sender: String, on connection: PostgresConnection
    ) async throws -> DocumentRow {
        let action = header.businessType.verb
        return try await lockOwnCurrentDocument(
            header.relatedDocumentID, field: "related_document_id", sender: sender, action: action, on: connection)
    }

    /// Locks a document `sender` sent and checks that it is current: not revoked, not superseded, not a revocation.
    func lockOwnCurrentDocument(
        _ documentID: String, field: String, sender: String, action: String, on connection: PostgresConnection
    ) async throws -> DocumentRow {
        var locked: DocumentRow?
        for try await row in try await connection.query(
            "SELECT \(unescaped: DocumentRow.columns) FROM exchange.documents WHERE document_id = \(documentID) FOR UPDATE",
            logger: logger)
        {
            locked = try DocumentRow(row)
        }
        guard let document = locked, document.sender == sender else {
            if locked != nil,
                try await !repository.deliveries(of: documentID, recipient: sender, on: connection).isEmpty
            {
                throw RPCError(
                    code: .permissionDenied,
                    message: "\(field) \(documentID.echoed): only its sender, \(locked!.sender), may \(action) it")
            }
            throw RPCError(code: .notFound, message: "\(field) \(documentID.echoed): no document that you sent")
        }
        if document.businessType == .revoke {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "\(field) \(documentID.echoed) is itself a revoking document: a revocation cannot be retracted, "
                    + "revoked, updated or replaced")
        }
        if let revokedBy = document.revokedBy {
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "\(field) \(documentID.echoed) was revoked by '\(revokedBy)': a revoked document cannot be \(action)d"
            )
        }
        if let supersededBy = document.supersededBy {
            let current = try await repository.lineage(document.lineageID).last?.documentID ?? supersededBy
            throw RPCError(
                code: .failedPrecondition,
                message:
                    "\(field) \(documentID.echoed) was superseded by '\(supersededBy)': \(action) the current version, "
                    + "'\(current)'")
        }
        return document
    }

    /// A revoking document goes to exactly the recipients that still hold the revoked one.
    func checkRevocationRecipients(
        _ header: Vdxp_Exchange_V1_DocumentHeader, revoking revoked: DocumentRow, on connection: PostgresConnection
    ) async throws {
        let holders = Set(
            try await repository.deliveries(of: revoked.documentID, on: connection)
                .filter { $0.disposition == .current }.map(\.recipient))
        let named = Set(header.recipients.map(\.organisationID))
        guard named == holders else {
            let missing = holders.subtracting(named).sorted()
            let extra = named.subtracting(holders).sorted()
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { problems.append("not holding it: \(extra.joined(separator: ", "))") }
            throw RPCError(
                code: .invalidArgument,
                message:
                    "recipients of a revoking document must be exactly the recipients that hold '\(revoked.documentID)' "
                    + "(\(holders.sorted().joined(separator: ", "))): \(problems.joined(separator: "; "))")
        }
    }

    // MARK: Revoke, update, replace

    /// Marks every current copy of `revoked` REVOKED by the document of `header`; copies not yet acknowledged are
    /// withdrawn from the inbox (the revoking document reaches the recipient instead).
    func revoke(_ revoked: DocumentRow, by header: Vdxp_Exchange_V1_DocumentHeader, on connection: PostgresConnection)
        async throws
    {
        try await connection.query(
            "UPDATE exchange.documents SET revoked_by = \(header.documentID) WHERE document_id = \(revoked.documentID)",
            logger: logger)
        let recipients = try await dispose(
            revoked.documentID, of: nil, as: .revoked, by: header.documentID, on: connection)
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

    /// Makes the document of `header` the current version: recipients it names see their copy of `previous`
    /// SUPERSEDED (the new version arrives in their inbox); the others see it REMOVED and get a notice if they may
    /// already hold it.
    func supersede(
        _ previous: DocumentRow, by header: Vdxp_Exchange_V1_DocumentHeader, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            "UPDATE exchange.documents SET superseded_by = \(header.documentID) WHERE document_id = \(previous.documentID)",
            logger: logger)
        let named = header.recipients.map(\.organisationID)
        let kept = try await dispose(
            previous.documentID, of: named, as: .superseded, by: header.documentID, on: connection)
        let removed = try await dispose(
            previous.documentID, of: nil, as: .removed, by: header.documentID, on: connection)
        for copy in removed where copy.mayHoldDocument {
            try await notice(
                .with {
                    $0.type = .removed
                    $0.reason = header.businessReason
                    $0.newDocumentID = header.documentID
                }, to: copy.recipient, about: previous, on: connection)
        }
        try await journal.append(
            .with {
                $0.documentSuperseded = .with {
                    $0.newDocumentID = header.documentID
                    $0.businessType = header.businessType
                    $0.supersededRecipientOrganisationIds = kept.map(\.recipient)
                    $0.removedRecipientOrganisationIds = removed.map(\.recipient)
                }
            }, type: "document.superseded", documentID: previous.documentID, on: connection)
        try await notifyStatus(previous.documentID, on: connection)
    }

    /// A copy that left CURRENT.
    struct DisposedCopy: Sendable {
        var recipient: String
        var deliveryID: UUID
        /// Whether the recipient may hold the document: acknowledged, or leased at least once.
        var mayHoldDocument: Bool
    }

    /// Moves the current copies of `documentID` (all, or those of `recipients`) to `disposition`; a copy not yet
    /// acknowledged (or FAILED) is WITHDRAWN from the inbox.
    func dispose(
        _ documentID: String, of recipients: [String]?, as disposition: Vdxp_Exchange_V1_Disposition, by cause: String?,
        status: Vdxp_Exchange_V1_DocumentStatus? = nil, on connection: PostgresConnection
    ) async throws -> [DisposedCopy] {
        let everyone = recipients == nil
        let recipients = recipients ?? []
        let newStatus: Int? = status?.rawValue
        let rows = try await connection.query(
            """
            UPDATE exchange.deliveries
            SET disposition = \(disposition.rawValue), disposed_by = \(cause), disposition_time = now(),
                status = coalesce(\(newStatus), status),
                state = CASE WHEN state IN (1, 2, 4) THEN 5 ELSE state END,
                lease_expires = CASE WHEN state IN (1, 2, 4) THEN NULL ELSE lease_expires END
            WHERE document_id = \(documentID) AND kind = 1 AND disposition = 1
              AND (\(everyone) OR recipient = ANY(\(recipients)))
            RETURNING recipient, delivery_id, state, attempt_count
            """, logger: logger)
        // `RETURNING` shows the new state: WITHDRAWN (5) for a copy that was pending, ACKNOWLEDGED (3) otherwise.
        var copies: [DisposedCopy] = []
        for try await (recipient, deliveryID, state, attempts) in rows.decode((String, UUID, Int, Int).self) {
            copies.append(
                DisposedCopy(recipient: recipient, deliveryID: deliveryID, mayHoldDocument: state == 3 || attempts > 0))
        }
        return copies.sorted { $0.recipient < $1.recipient }
    }

    /// When `recipient` acknowledges a revoking document, records that it confirmed the revocation (Art. 15.3) on
    /// its copy of the revoked document. Nothing for any other document.
    func confirmRevocation(by documentID: String, recipient: String, on connection: PostgresConnection) async throws {
        var revoked: String?
        for try await related in try await connection.query(
            """
            SELECT related_document_id FROM exchange.documents
            WHERE document_id = \(documentID) AND business_type = \(Vdxp_Exchange_V1_BusinessType.revoke.rawValue)
            """, logger: logger
        ).decode(String?.self) {
            revoked = related
        }
        guard let revoked else { return }
        var confirmed = false
        for try await _ in try await connection.query(
            """
            UPDATE exchange.deliveries SET revocation_confirm_time = now()
            WHERE document_id = \(revoked) AND recipient = \(recipient) AND kind = 1
              AND disposition = \(Vdxp_Exchange_V1_Disposition.revoked.rawValue) AND revocation_confirm_time IS NULL
            RETURNING delivery_id
            """, logger: logger)
        {
            confirmed = true
        }
        guard confirmed else { return }
        try await journal.append(
            .with {
                $0.revocationConfirmed = .with {
                    $0.recipientOrganisationID = recipient
                    $0.revokingDocumentID = documentID
                }
            }, type: "revocation.confirmed", documentID: revoked, on: connection)
        try await notifyStatus(revoked, on: connection)
    }

    // MARK: Notices

    /// Queues a notice about `document` in `recipient`'s inbox, at the document's priority.
    func notice(
        _ notice: Vdxp_Exchange_V1_DocumentNotice, to recipient: String, about document: DocumentRow,
        on connection: PostgresConnection
    ) async throws {
        let bytes: [UInt8] = try notice.serializedBytes()
        try await connection.query(
            """
            INSERT INTO exchange.deliveries (delivery_id, document_id, recipient, priority, state, kind, notice)
            VALUES (\(UUID()), \(document.documentID), \(recipient), \(Int(document.priority)),
                    \(Vdxp_Exchange_V1_DeliveryState.queued.rawValue), \(Vdxp_Exchange_V1_DeliveryKind.notice.rawValue),
                    \(Data(bytes)))
            """, logger: logger)
        try await connection.query("SELECT pg_notify(\(ExchangeChannels.inbox), \(recipient))", logger: logger)
    }

    /// Wakes the sender's `WatchDocumentStatus` streams of `documentID`.
    func notifyStatus(_ documentID: String, on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(ExchangeChannels.status), \(documentID))", logger: logger)
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
