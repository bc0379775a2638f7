import VDXPProto

extension DocumentHeaderValidator {
    /// `business_type`, `related_document_id` and `business_reason` (fields 17 to 19; Art. 15.3–15.4): a known
    /// business type; for REVOKE, UPDATE and REPLACE a related document of the sender's own, other than this one
    /// (an UPDATE may name its own id: the next version under it), and a reason; for NEW neither.
    static func checkBusiness(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        into check: inout HeaderChecker
    ) {
        let type = header.businessType
        let action: String
        switch type {
        case .new:
            let fields = [
                ("related_document_id", header.relatedDocumentID), ("business_reason", header.businessReason),
            ]
            for (field, value) in fields where !value.isEmpty {
                check.add(
                    field,
                    "must be empty for a new document (business_type \(Self.label(type))): to revoke, update or "
                        + "replace a document you sent earlier, set business_type to 1 REVOKE, 2 UPDATE or "
                        + "3 REPLACE; got \(value.quotedForMessage())"
                )
            }
            return
        case .revoke: action = "revoke"
        case .update: action = "update"
        case .replace: action = "replace"
        case .UNRECOGNIZED(let raw):
            check.add(
                "business_type",
                "must be 0 NEW, 1 REVOKE (Art. 15.3), 2 UPDATE or 3 REPLACE (Art. 15.4), the edXML codes of "
                    + "BussinessDocType; got \(raw)"
            )
            return
        }

        let condition = "when business_type is \(Self.label(type))"
        check.strings(DocumentHeaderRules.relatedDocumentID, of: header, when: condition)
        if check.isValid("related_document_id") {
            Self.checkRelatedDocumentID(header, action: action, caller: caller, into: &check)
        }
        check.strings(DocumentHeaderRules.businessReason, of: header, when: condition)
    }

    /// `related_document_id`, once given and of the right length: a valid ``DocumentID``, not `document_id` (unless
    /// an UPDATE keeps its document's id), and of the caller's own.
    private static func checkRelatedDocumentID(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        action: String,
        caller: OrganisationID,
        into check: inout HeaderChecker
    ) {
        let related: DocumentID
        do {
            related = try DocumentID(validating: header.relatedDocumentID)
        } catch {
            check.add("related_document_id", error.message)
            return
        }
        // An UPDATE may keep the id (Art. 15.4: a minor error of form or an added annex leaves the act, its number
        // and notation, unchanged): it is then the next version under that id. Revoking and replacing are acts of
        // their own, with their own number.
        if related.rawValue == header.documentID, header.businessType != .update {
            check.add(
                "related_document_id",
                "must differ from document_id: a document cannot \(action) itself; give the document that does it "
                    + "its own number and document_id, and name the earlier document here (only an UPDATE keeps "
                    + "its document's id)"
            )
        }
        if related.organisationID != caller {
            check.add(
                "related_document_id",
                "must start with your own organisation id \(caller): only the sender of a document may revoke, "
                    + "update or replace it; got a document of \(related.organisationID)"
            )
        }
    }

    /// A business type's edXML code and name, e.g. `1 REVOKE`.
    private static func label(_ type: Vdxp_Exchange_V1_BusinessType) -> String {
        switch type {
        case .new: return "0 NEW"
        case .revoke: return "1 REVOKE"
        case .update: return "2 UPDATE"
        case .replace: return "3 REPLACE"
        case .UNRECOGNIZED(let raw): return "\(raw) UNKNOWN"
        }
    }
}
