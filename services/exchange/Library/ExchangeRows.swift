import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// A row of `exchange.documents`: one version of a document, as it was accepted.
struct DocumentRow: Sendable {
    static let columns = """
        document_id, sender, signed_document, envelope_sha256, priority, send_time, business_type, \
        related_document_id, business_reason, lineage_id, version, superseded_by, revoked_by, legal_value, \
        signing_time, send_deadline, on_time, timeliness
        """

    var documentID: String
    var sender: String
    var signed: Vdxp_Exchange_V1_SignedDocument
    var header: Vdxp_Exchange_V1_DocumentHeader
    var envelopeSHA256: Data
    var priority: Int32
    var sendTime: Date
    var businessType: Vdxp_Exchange_V1_BusinessType
    var relatedDocumentID: String?
    var businessReason: String
    /// The id of the lineage's first version.
    var lineageID: String
    var version: Int32
    var supersededBy: String?
    var revokedBy: String?
    var legalValue: Vdxp_Exchange_V1_LegalValue
    var timeliness: Vdxp_Exchange_V1_Timeliness?

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        documentID = try cells["document_id"].decode(String.self)
        sender = try cells["sender"].decode(String.self)
        signed = try Vdxp_Exchange_V1_SignedDocument(serializedBytes: try cells["signed_document"].decode(Data.self))
        header = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header)
        envelopeSHA256 = try cells["envelope_sha256"].decode(Data.self)
        priority = Int32(try cells["priority"].decode(Int.self))
        sendTime = try cells["send_time"].decode(Date.self)
        businessType = Vdxp_Exchange_V1_BusinessType(rawValue: try cells["business_type"].decode(Int.self)) ?? .new
        relatedDocumentID = try cells["related_document_id"].decode(String?.self)
        businessReason = try cells["business_reason"].decode(String.self)
        lineageID = try cells["lineage_id"].decode(String.self)
        version = Int32(try cells["version"].decode(Int.self))
        supersededBy = try cells["superseded_by"].decode(String?.self)
        revokedBy = try cells["revoked_by"].decode(String?.self)
        legalValue = Vdxp_Exchange_V1_LegalValue(rawValue: try cells["legal_value"].decode(Int.self)) ?? .unspecified
        if let signingTime = try cells["signing_time"].decode(Date?.self),
            let deadline = try cells["send_deadline"].decode(Date?.self),
            let onTime = try cells["on_time"].decode(Bool?.self)
        {
            let explanation = try cells["timeliness"].decode(String.self)
            timeliness = .with {
                $0.signingTime = .init(date: signingTime)
                $0.deadline = .init(date: deadline)
                $0.onTime = onTime
                $0.explanation = explanation
            }
        }
    }

    /// This version as `Document.versions` lists it.
    var versionSummary: Vdxp_Exchange_V1_DocumentVersion {
        .with {
            $0.documentID = documentID
            $0.version = version
            $0.businessType = businessType
            $0.businessReason = businessReason
            $0.sendTime = .init(date: sendTime)
        }
    }

    /// Whether this version is still the one to handle: not revoked and not superseded.
    var isCurrent: Bool { supersededBy == nil && revokedBy == nil }
}

/// A row of `exchange.deliveries`: an inbox entry — a document for one recipient, or a notice.
struct DeliveryRow: Sendable {
    static let columns = """
        delivery_id, document_id, recipient, priority, state, status, lease_expires, attempt_count, create_time, \
        kind, notice, disposition, disposed_by, disposition_time, revocation_confirm_time, fail_time
        """

    /// `columns`, each qualified with `alias.` (for `RETURNING` in an `UPDATE … FROM`).
    static func columns(qualifiedBy alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }

    var deliveryID: UUID
    var documentID: String
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
    var revocationConfirmTime: Date?
    var failTime: Date?

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        deliveryID = try cells["delivery_id"].decode(UUID.self)
        documentID = try cells["document_id"].decode(String.self)
        recipient = try cells["recipient"].decode(String.self)
        priority = Int32(try cells["priority"].decode(Int.self))
        state = Vdxp_Exchange_V1_DeliveryState(rawValue: try cells["state"].decode(Int.self)) ?? .unspecified
        status = Vdxp_Exchange_V1_DocumentStatus(rawValue: try cells["status"].decode(Int.self)) ?? .unspecified
        leaseExpires = try cells["lease_expires"].decode(Date?.self)
        attemptCount = Int32(try cells["attempt_count"].decode(Int.self))
        createTime = try cells["create_time"].decode(Date.self)
        kind = Vdxp_Exchange_V1_DeliveryKind(rawValue: try cells["kind"].decode(Int.self)) ?? .unspecified
        if let bytes = try cells["notice"].decode(Data?.self) {
            notice = try Vdxp_Exchange_V1_DocumentNotice(serializedBytes: bytes)
        }
        disposition = Vdxp_Exchange_V1_Disposition(rawValue: try cells["disposition"].decode(Int.self)) ?? .unspecified
        disposedBy = try cells["disposed_by"].decode(String?.self)
        dispositionTime = try cells["disposition_time"].decode(Date?.self)
        revocationConfirmTime = try cells["revocation_confirm_time"].decode(Date?.self)
        failTime = try cells["fail_time"].decode(Date?.self)
    }

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
            if let revocationConfirmTime { $0.revocationConfirmTime = .init(date: revocationConfirmTime) }
            $0.retractRequests = retractRequests
            if let failTime { $0.failTime = .init(date: failTime) }
        }
    }
}

/// A row of `exchange.retract_requests`.
struct RetractRequestRow: Sendable {
    static let columns = """
        request_id, delivery_id, state, reason, request_time, answer_time, answer_name, answer_unit, \
        answer_position, answer_reason
        """

    var requestID: UUID
    var deliveryID: UUID
    var proto: Vdxp_Exchange_V1_RetractRequest

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        requestID = try cells["request_id"].decode(UUID.self)
        deliveryID = try cells["delivery_id"].decode(UUID.self)
        let state = Vdxp_Exchange_V1_RetractRequestState(rawValue: try cells["state"].decode(Int.self)) ?? .unspecified
        let reason = try cells["reason"].decode(String.self)
        let requestTime = try cells["request_time"].decode(Date.self)
        let answerTime = try cells["answer_time"].decode(Date?.self)
        let handler = Vdxp_Exchange_V1_Handler.with {
            $0.fullName = (try? cells["answer_name"].decode(String.self)) ?? ""
            $0.unit = (try? cells["answer_unit"].decode(String.self)) ?? ""
            $0.position = (try? cells["answer_position"].decode(String.self)) ?? ""
        }
        let answerReason = try cells["answer_reason"].decode(String.self)
        let requestID = self.requestID
        proto = .with {
            $0.requestID = requestID.uuidString.lowercased()
            $0.state = state
            $0.reason = reason
            $0.requestTime = .init(date: requestTime)
            if let answerTime {
                $0.answerTime = .init(date: answerTime)
                $0.answerHandler = handler
            }
            $0.answerReason = answerReason
        }
    }
}

extension Vdxp_Exchange_V1_RecipientState {
    /// Whether nothing more is expected from this recipient: a final status (02, 06, 15), or a copy that is no
    /// longer current — a revoked one once the recipient confirmed the revocation.
    var isSettled: Bool {
        switch disposition {
        case .current, .unspecified, .UNRECOGNIZED: return status.isFinal
        case .revoked: return hasRevocationConfirmTime
        case .retracted, .superseded, .removed: return true
        }
    }
}
