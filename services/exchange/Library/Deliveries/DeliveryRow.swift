import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// A row of `exchange.deliveries`: an inbox entry — a document for one recipient, or a notice.
struct DeliveryRow: Sendable {
    /// The columns ``init(_:)`` reads, in a `SELECT` or `RETURNING` list.
    static let columns = """
        delivery_id, document_id, recipient, priority, state, status, lease_expires, attempt_count, create_time, \
        kind, notice, disposition, disposed_by, disposition_time, disposition_reason, revocation_confirm_time, \
        revocation_confirm_name, revocation_confirm_unit, revocation_confirm_position, revocation_confirm_comment, \
        fail_time, fail_reason, fail_successor, acknowledge_due, version
        """

    /// ``columns``, each qualified with `alias.` (for `RETURNING` in an `UPDATE … FROM`, or a join).
    static func columns(qualifiedBy alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }

    var deliveryID: UUID
    var documentID: String
    /// The version of `documentID` it carries (or a notice is about).
    var version: Int32
    var recipient: String
    var priority: Int32
    var state: Vdxp_Exchange_V1_DeliveryState
    var status: Vdxp_Exchange_V1_DocumentStatus
    var leaseExpires: Date?
    var attemptCount: Int32
    var createTime: Date
    var kind: Vdxp_Exchange_V1_DeliveryKind
    var notice: Vdxp_Exchange_V1_DocumentNotice?
    var disposition: Vdxp_Exchange_V1_Disposition
    var disposedBy: String?
    var dispositionTime: Date?
    /// For a copy retracted at once (Art. 15.1), the sender's reason; empty otherwise.
    var dispositionReason: String
    var revocationConfirmTime: Date?
    /// Who confirmed the revocation at the recipient (`ConfirmRevocation`); nil before, and for a confirmation
    /// recorded before the recipient had to report it.
    var revocationConfirmHandler: Vdxp_Exchange_V1_Handler?
    /// The recipient's comment on the confirmed revocation; empty when it gave none.
    var revocationConfirmComment: String
    var failTime: Date?
    /// Why it FAILED; UNSPECIFIED unless FAILED.
    var failReason: Vdxp_Exchange_V1_DeliveryFailureReason
    /// For a delivery failed because its recipient was closed, the successor; empty otherwise.
    var failSuccessor: String
    /// The acknowledgement deadline (Art. 13.2); nil for a notice, or a document queued before Exchange kept it.
    var acknowledgeDue: Date?

    /// Decodes a row selected with ``columns``; a stored state the contract does not define is corrupt data and throws.
    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        deliveryID = try cells["delivery_id"].decode(UUID.self)
        documentID = try cells["document_id"].decode(String.self)
        version = Int32(try cells["version"].decode(Int.self))
        recipient = try cells["recipient"].decode(String.self)
        priority = Int32(try cells["priority"].decode(Int.self))
        state = try cells["state"].decode(Vdxp_Exchange_V1_DeliveryState.self)
        status = try cells["status"].decode(Vdxp_Exchange_V1_DocumentStatus.self)
        leaseExpires = try cells["lease_expires"].decode(Date?.self)
        attemptCount = Int32(try cells["attempt_count"].decode(Int.self))
        createTime = try cells["create_time"].decode(Date.self)
        kind = try cells["kind"].decode(Vdxp_Exchange_V1_DeliveryKind.self)
        if let bytes = try cells["notice"].decode(Data?.self) {
            notice = try Vdxp_Exchange_V1_DocumentNotice(serializedBytes: bytes)
        }
        disposition = try cells["disposition"].decode(Vdxp_Exchange_V1_Disposition.self)
        disposedBy = try cells["disposed_by"].decode(String?.self)
        dispositionTime = try cells["disposition_time"].decode(Date?.self)
        dispositionReason = try cells["disposition_reason"].decode(String.self)
        revocationConfirmTime = try cells["revocation_confirm_time"].decode(Date?.self)
        let confirmedBy = try Vdxp_Exchange_V1_Handler.with {
            $0.fullName = try cells["revocation_confirm_name"].decode(String.self)
            $0.unit = try cells["revocation_confirm_unit"].decode(String.self)
            $0.position = try cells["revocation_confirm_position"].decode(String.self)
        }
        revocationConfirmHandler = confirmedBy.fullName.isEmpty && confirmedBy.unit.isEmpty ? nil : confirmedBy
        revocationConfirmComment = try cells["revocation_confirm_comment"].decode(String.self)
        failTime = try cells["fail_time"].decode(Date?.self)
        failReason = try cells["fail_reason"].decode(Vdxp_Exchange_V1_DeliveryFailureReason.self)
        failSuccessor = try cells["fail_successor"].decode(String.self)
        acknowledgeDue = try cells["acknowledge_due"].decode(Date?.self)
    }

    /// The document version it carries.
    var documentKey: DocumentKey { DocumentKey(documentID: documentID, version: version) }

    /// The delivery id as the contract writes it (lowercase UUID).
    var id: String { deliveryID.uuidString.lowercased() }

    /// Whether the recipient has not acknowledged it yet and it is not given up: QUEUED or LEASED.
    var isPending: Bool { state == .queued || state == .leased }

    /// The recipient's state of a document delivery.
    func recipientState(
        history: [Vdxp_Exchange_V1_StatusChange], retractRequests: [Vdxp_Exchange_V1_RetractRequest]
    ) -> Vdxp_Exchange_V1_RecipientState {
        .with {
            $0.recipientOrganisationID = recipient
            $0.deliveryID = id
            $0.deliveryState = state
            $0.status = status
            $0.history = history
            $0.attemptCount = attemptCount
            $0.disposition = disposition
            $0.disposedByDocumentID = disposedBy ?? ""
            if let dispositionTime { $0.dispositionTime = .init(date: dispositionTime) }
            $0.dispositionReason = dispositionReason
            if let revocationConfirmTime { $0.revocationConfirmTime = .init(date: revocationConfirmTime) }
            if let revocationConfirmHandler { $0.revocationConfirmHandler = revocationConfirmHandler }
            $0.revocationConfirmComment = revocationConfirmComment
            $0.retractRequests = retractRequests
            if let failTime { $0.failTime = .init(date: failTime) }
            $0.failReason = failReason
            $0.successorOrganisationID = failSuccessor
            if let acknowledgeDue { $0.acknowledgeDeadline = .init(date: acknowledgeDue) }
        }
    }
}
