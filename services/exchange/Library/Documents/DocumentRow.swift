import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// A row of `exchange.documents`: one version of a document, as it was accepted.
struct DocumentRow: Sendable {
    /// The columns ``init(_:)`` reads, in a `SELECT` list.
    static let columns = """
        document_id, sender, signed_document, envelope_sha256, priority, send_time, business_type, \
        related_document_id, business_reason, lineage_id, version, superseded_by, revoked_by, legal_value, \
        signing_time, send_deadline, on_time, timeliness, legal_value_reason, superseded_by_version
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
    /// The version that superseded it (under `supersededBy`, which is this id when an update kept it).
    var supersededByVersion: Int32?
    var revokedBy: String?
    var legalValue: Vdxp_Exchange_V1_LegalValue
    /// Why it is reference-only (Art. 11.2); empty when legally valid.
    var legalValueReason: String
    var timeliness: Vdxp_Exchange_V1_Timeliness?

    /// Decodes a row selected with ``columns``; a stored state the contract does not define is corrupt data and throws.
    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        documentID = try cells["document_id"].decode(String.self)
        sender = try cells["sender"].decode(String.self)
        signed = try Vdxp_Exchange_V1_SignedDocument(serializedBytes: try cells["signed_document"].decode(Data.self))
        header = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: signed.header)
        envelopeSHA256 = try cells["envelope_sha256"].decode(Data.self)
        priority = Int32(try cells["priority"].decode(Int.self))
        sendTime = try cells["send_time"].decode(Date.self)
        businessType = try cells["business_type"].decode(Vdxp_Exchange_V1_BusinessType.self)
        relatedDocumentID = try cells["related_document_id"].decode(String?.self)
        businessReason = try cells["business_reason"].decode(String.self)
        lineageID = try cells["lineage_id"].decode(String.self)
        version = Int32(try cells["version"].decode(Int.self))
        supersededBy = try cells["superseded_by"].decode(String?.self)
        supersededByVersion = try cells["superseded_by_version"].decode(Int?.self).map { Int32($0) }
        revokedBy = try cells["revoked_by"].decode(String?.self)
        legalValue = try cells["legal_value"].decode(Vdxp_Exchange_V1_LegalValue.self)
        legalValueReason = try cells["legal_value_reason"].decode(String.self)
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

    /// This version's key.
    var key: DocumentKey { DocumentKey(documentID: documentID, version: version) }

    /// Whether this version is still the one to handle: not revoked and not superseded.
    var isCurrent: Bool { supersededBy == nil && revokedBy == nil }
}
