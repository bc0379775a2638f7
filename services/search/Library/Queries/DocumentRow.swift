import Foundation
import PostgresNIO
import VDXPProto

/// One indexed document as read from `search.documents`.
struct DocumentRow: Sendable, Equatable {
    var documentID: String
    var senderID: String
    var numberAndNotation: String
    var subject: String
    var typeName: String
    var priority: Int16
    var businessType: Vdxp_Exchange_V1_BusinessType
    var relatedDocumentID: String
    var version: Int32
    var legalValue: Vdxp_Exchange_V1_LegalValue
    var sendTime: Date

    /// The columns read, in order, from `search.documents d` (or a subquery `m` with the same column names).
    static let columns = """
        document_id, sender_id, number_and_notation, subject, type_name, priority, business_type,
        related_document_id, version, legal_value, send_time
        """

    /// Decodes the ``columns`` of `row`.
    init(row: PostgresRow) throws {
        (
            documentID, senderID, numberAndNotation, subject, typeName, priority, businessType, relatedDocumentID,
            version, legalValue, sendTime
        ) = try row.decode(
            (
                String, String, String, String, String, Int16, Vdxp_Exchange_V1_BusinessType, String, Int32,
                Vdxp_Exchange_V1_LegalValue, Date
            ).self)
    }
}

/// Where a document stands at one recipient, as read from `search.recipients`.
struct RecipientRow: Sendable, Equatable {
    var organisationID: String
    var deliveryState: Vdxp_Exchange_V1_DeliveryState
    var status: Vdxp_Exchange_V1_DocumentStatus
    var statusTime: Date?
}
