import VDXPProto

/// The string-field rules of `document.proto`, one table per message, as the field comments state them.
enum DocumentHeaderRules {
    /// `DocumentHeader.document_id` (field 1), checked further by ``DocumentID``.
    static let documentID: [StringFieldRule<Vdxp_Exchange_V1_DocumentHeader>] = [
        .init("document_id", required: true, maximumLength: DocumentID.maximumLength) { $0.documentID }
    ]

    /// `DocumentHeader`'s text fields `subject` and `content` (fields 7 and 8).
    static let text: [StringFieldRule<Vdxp_Exchange_V1_DocumentHeader>] = [
        .init("subject", required: true, maximumLength: 500) { $0.subject },
        .init("content", required: false, maximumLength: 100_000) { $0.content },
    ]

    /// `DocumentHeader.related_document_id` (field 18) for a REVOKE, UPDATE or REPLACE document, checked further by
    /// ``DocumentID``; it must be empty for NEW.
    static let relatedDocumentID: [StringFieldRule<Vdxp_Exchange_V1_DocumentHeader>] = [
        .init("related_document_id", required: true, maximumLength: DocumentID.maximumLength) {
            $0.relatedDocumentID
        }
    ]

    /// `DocumentHeader.business_reason` (field 19) for a REVOKE, UPDATE or REPLACE document; it must be empty for
    /// NEW.
    static let businessReason: [StringFieldRule<Vdxp_Exchange_V1_DocumentHeader>] = [
        .init("business_reason", required: true, maximumLength: 2000) { $0.businessReason }
    ]

    /// `Organisation` (sender and each recipient). `organisation_id` is checked on its own.
    static let organisation: [StringFieldRule<Vdxp_Exchange_V1_Organisation>] = [
        .init("name", required: true, maximumLength: 255) { $0.name },
        .init("organisation_in_charge", required: false, maximumLength: 255) { $0.organisationInCharge },
        .init("address", required: false, maximumLength: 255) { $0.address },
        .init("email", required: false, maximumLength: 100) { $0.email },
        .init("telephone", required: false, maximumLength: 50) { $0.telephone },
    ]

    /// `DocumentCode` (số và ký hiệu).
    static let code: [StringFieldRule<Vdxp_Exchange_V1_DocumentCode>] = [
        .init("number", required: true, maximumLength: 11) { $0.number },
        .init("notation", required: true, maximumLength: 30) { $0.notation },
    ]

    /// `PromulgationInfo`. `date` is checked on its own.
    static let promulgation: [StringFieldRule<Vdxp_Exchange_V1_PromulgationInfo>] = [
        .init("place", required: true, maximumLength: 50) { $0.place }
    ]

    /// `DocumentType`. `type` is checked on its own.
    static let documentType: [StringFieldRule<Vdxp_Exchange_V1_DocumentType>] = [
        .init("type_name", required: true, maximumLength: 100) { $0.typeName }
    ]

    /// `SignerInfo`.
    static let signer: [StringFieldRule<Vdxp_Exchange_V1_SignerInfo>] = [
        .init("competence", required: false, maximumLength: 100) { $0.competence },
        .init("position", required: true, maximumLength: 100) { $0.position },
        .init("full_name", required: true, maximumLength: 50) { $0.fullName },
    ]

    /// `AttachmentDescriptor`. `name` is checked further for slashes and uniqueness.
    static let attachment: [StringFieldRule<Vdxp_Exchange_V1_AttachmentDescriptor>] = [
        .init("name", required: true, maximumLength: 255) { $0.name },
        .init("content_type", required: true, maximumLength: 100) { $0.contentType },
        .init("description", required: false, maximumLength: 500) { $0.description_p },
    ]

    /// `to_places`: at most 100 entries of at most 1000 characters.
    static let toPlaces = (maximumCount: 100, maximumLength: 1000)

    /// `response_for`: at most 50 document ids of at most 100 characters.
    static let responseFor = (maximumCount: 50, maximumLength: 100)
}
