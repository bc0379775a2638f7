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
    /// The QĐ 28 Art. 10.2 metadata (empty, 0 or nil for a document journalled before Exchange carried it).
    var typeCode: Int16 = 0
    var senderName = ""
    var signerCompetence = ""
    var signerPosition = ""
    var signerName = ""
    var promulgationPlace = ""
    /// `yyyy-MM-dd`, nil when unknown.
    var promulgationDate: String? = nil
    /// `yyyy-MM-dd`, nil when none.
    var dueDate: String? = nil
    var responseFor: [String] = []

    /// How many columns ``columns`` reads (a query may add its own after them).
    static let columnCount = 20

    /// The columns read, in order, from `search.documents d` (or a subquery `m` with the same column names).
    static let columns = """
        document_id, sender_id, number_and_notation, subject, type_name, priority, business_type,
        related_document_id, version, legal_value, send_time, type_code, sender_name, signer_competence,
        signer_position, signer_name, promulgation_place, to_char(promulgation_date, 'YYYY-MM-DD'),
        to_char(due_date, 'YYYY-MM-DD'), response_for
        """

    /// Decodes the ``columns`` of `row`.
    init(row: PostgresRow) throws {
        (
            documentID, senderID, numberAndNotation, subject, typeName, priority, businessType, relatedDocumentID,
            version, legalValue, sendTime, typeCode, senderName, signerCompetence, signerPosition, signerName,
            promulgationPlace, promulgationDate, dueDate, responseFor
        ) = try row.decode(
            (
                String, String, String, String, String, Int16, Vdxp_Exchange_V1_BusinessType, String, Int32,
                Vdxp_Exchange_V1_LegalValue, Date, Int16, String, String, String, String, String, String?, String?,
                [String]
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
