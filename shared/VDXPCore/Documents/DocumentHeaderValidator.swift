public import Foundation
public import VDXPProto

/// Checks a parsed `vdxp.exchange.v1.DocumentHeader` against every rule written on its fields in `document.proto`
/// — the completeness check a platform makes before accepting a document (Art. 14.1; fields of QĐ 28 Art. 10.2).
///
/// It reports **all** violations, each naming its field by proto path, so that an integrator can fix them in one
/// round. What it checks:
///
/// - required fields and sub-messages, and the length of every string in characters (`String.count`: a letter
///   written with combining marks counts once, as a signed header comes; the header as a whole is bounded in bytes,
///   `ExchangeSettings.maximumHeaderBytes`, 1 MiB, so no field can grow past it); a required string of only white space counts as
///   missing;
/// - `document_id` (Art. 12): its form (``DocumentID``), that it starts with the sender's id, that its number
///   and notation equal `code.number + "/" + code.notation`, and that its year is the year of `promulgation.date`
///   (Art. 12.2.b; an UPDATE that keeps its document's id is exempt);
/// - `sender.organisation_id` is the caller's own id (the mTLS identity, never a field a client chooses);
/// - `recipients`: 1 to 500, each a valid ``OrganisationID``, none the sender, none twice;
/// - `promulgation.date` is a real day written `yyyy-MM-dd`, or in a legacy edXML form `yyyy/MM/dd` or
///   `dd/MM/yyyy` (``EdXMLDate``), not after today in Vietnam time; `due_date` is empty or a day in one of those forms;
/// - `priority` one of edXML's codes 0 to 4 (``Priority``), `steering_type` 0 to 2, `document_type.type` 1 to 4;
/// - `to_places` at most 100 entries, `response_for` at most 50, neither with empty entries;
/// - `attachments`: at most 50, names unique and without `/` or `\`, `sha256` exactly 32 bytes, sizes 0 or more and
///   together within ``maximumTotalAttachmentBytes``;
/// - `state_secret` is false: the platform never carries state secrets (Art. 1.2);
/// - `business_type` is 0 NEW, 1 REVOKE, 2 UPDATE or 3 REPLACE (Art. 15.3–15.4), not a number the contract does not
///   define;
/// - `related_document_id`, for REVOKE, UPDATE and REPLACE: given, at most 100 characters, a valid ``DocumentID``,
///   other than `document_id`, and starting with the sender's own id (only the sender of a document may revoke,
///   update or replace it); empty for NEW;
/// - `business_reason`, for REVOKE, UPDATE and REPLACE: 1 to 2000 characters, not only white space; empty for NEW;
/// - `signing_time` is given, in ISO 8601 with a UTC offset or a legacy edXML form read as Vietnam time
///   (``EdXMLDate``), and not more than ``signingTimeTolerance`` (5 minutes) after `now`.
///
/// It does not check what needs data it does not have: that recipients are active members (Art. 13.3), signatures
/// (VDXPTrust), that the document id is unused, or that the related document exists, is the current version of its
/// lineage and is not revoked (the store).
///
/// ```swift
/// let validator = DocumentHeaderValidator(maximumTotalAttachmentBytes: settings.maxDocumentBytes)
/// try validator.validate(header, caller: identity, now: receivedAt)
/// // throws HeaderValidationError: "2 problems: recipients[1].organisation_id: …; subject: …"
/// ```
public struct DocumentHeaderValidator: Sendable {
    /// The default limit on the attachments' total size: 256 MiB (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`).
    public static let defaultMaximumTotalAttachmentBytes: Int64 = 256 * 1024 * 1024

    /// The most recipients a document may have: 500.
    public static let maximumRecipients = 500

    /// The most attachments a document may have: 50.
    public static let maximumAttachments = 50

    /// The length of an attachment's SHA-256 digest: 32 bytes.
    public static let sha256Length = 32

    /// How far after the moment the platform receives a document its `signing_time` may lie, for clocks that
    /// disagree: 5 minutes.
    public static let signingTimeTolerance: TimeInterval = 5 * 60

    /// The most bytes all attachments of one document may hold together.
    public var maximumTotalAttachmentBytes: Int64

    /// Creates a validator.
    ///
    /// - Parameter maximumTotalAttachmentBytes: The most bytes all attachments may hold together; 256 MiB by
    ///   default (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`).
    public init(maximumTotalAttachmentBytes: Int64 = DocumentHeaderValidator.defaultMaximumTotalAttachmentBytes) {
        self.maximumTotalAttachmentBytes = maximumTotalAttachmentBytes
    }

    /// Throws if the header breaks any rule.
    ///
    /// - Parameters:
    ///   - header: The header, parsed from the signed bytes.
    ///   - caller: The sending member: the organisation id of the caller's mTLS identity.
    ///   - now: When the platform received the document. Today in Vietnam time (`CalendarDate(now)`) bounds the
    ///     promulgation date, and `signing_time` may be at most ``signingTimeTolerance`` after it.
    /// - Throws: ``HeaderValidationError`` listing every violation.
    public func validate(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        now: Date
    ) throws(HeaderValidationError) {
        let violations = self.violations(in: header, caller: caller, now: now)
        if !violations.isEmpty {
            throw HeaderValidationError(violations: violations)
        }
    }

    /// Every rule the header breaks, in field order; empty when it is valid.
    ///
    /// - Parameters:
    ///   - header: The header, parsed from the signed bytes.
    ///   - caller: The sending member: the organisation id of the caller's mTLS identity.
    ///   - now: When the platform received the document. Today in Vietnam time (`CalendarDate(now)`) bounds the
    ///     promulgation date, and `signing_time` may be at most ``signingTimeTolerance`` after it.
    public func violations(
        in header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        now: Date
    ) -> [FieldViolation] {
        var check = HeaderChecker()

        // 1 document_id.
        check.strings(DocumentHeaderRules.documentID, of: header)
        if check.isValid("document_id") {
            Self.checkDocumentID(header, caller: caller, into: &check)
        }

        // 2 sender.
        if header.hasSender {
            let sender = header.sender
            if sender.organisationID.isEmpty {
                check.add("sender.organisation_id", "is required: your own organisation id \(caller)")
            } else if sender.organisationID != caller.rawValue {
                check.add(
                    "sender.organisation_id",
                    "must be your own organisation id \(caller), the identity of your connection certificate; "
                        + "got \(sender.organisationID.quotedForMessage())"
                )
            }
            check.strings(DocumentHeaderRules.organisation, of: sender, at: "sender")
        } else {
            check.add("sender", "is required: the issuing organisation, with organisation_id \(caller)")
        }

        // 3 recipients.
        Self.checkRecipients(header.recipients, caller: caller, into: &check)

        // 4 code.
        if header.hasCode {
            check.strings(DocumentHeaderRules.code, of: header.code, at: "code")
        } else {
            check.add("code", "is required: the document's number and notation (số và ký hiệu)")
        }

        // 5 promulgation.
        if header.hasPromulgation {
            check.strings(DocumentHeaderRules.promulgation, of: header.promulgation, at: "promulgation")
            Self.checkPromulgationDate(header.promulgation.date, today: CalendarDate(now), into: &check)
            Self.checkYearOfIssue(header, into: &check)
        } else {
            check.add("promulgation", "is required: the place and date of promulgation")
        }

        // 6 document_type.
        if header.hasDocumentType {
            let type = header.documentType.type
            if !(1...4).contains(type) {
                check.add(
                    "document_type.type",
                    "must be 1 (legal normative document), 2 (administrative document), 3 (specialised document) "
                        + "or 4 (Party document); got \(type)"
                )
            }
            check.strings(DocumentHeaderRules.documentType, of: header.documentType, at: "document_type")
        } else {
            check.add("document_type", "is required: the kind of document and its name, e.g. \"Công văn\"")
        }

        // 7 subject, 8 content.
        check.strings(DocumentHeaderRules.text, of: header)

        // 9 signer.
        if header.hasSigner {
            check.strings(DocumentHeaderRules.signer, of: header.signer, at: "signer")
        } else {
            check.add("signer", "is required: the signer's position and full name")
        }

        // 10 due_date.
        Self.checkDueDate(header.dueDate, into: &check)

        // 11 to_places, 14 response_for.
        check.list(header.toPlaces, named: "to_places", limits: DocumentHeaderRules.toPlaces, entry: "place")
        check.list(
            header.responseFor,
            named: "response_for",
            limits: DocumentHeaderRules.responseFor,
            entry: "document id"
        )

        // 12 priority.
        if Priority(rawValue: header.priority) == nil {
            check.add(
                "priority",
                "must be one of edXML's priority codes 0 to 4 (0 normal, 1 urgent, 2 very urgent, 3 flash, 4 flash "
                    + "at a set time; QCVN 102:2016/BTTTT OtherInfo/Priority); got \(header.priority)"
            )
        }

        // 13 steering_type.
        if !(0...2).contains(header.steeringType) {
            check.add(
                "steering_type",
                "must be 0 (none), 1 (directive) or 2 (report on a directive); got \(header.steeringType)"
            )
        }

        // 15 attachments.
        self.checkAttachments(header.attachments, into: &check)

        // 16 state_secret.
        if header.stateSecret {
            check.add(
                "state_secret",
                "must be false: the platform never carries content classified as a state secret (Art. 1.2); "
                    + "send this document through the channels the law on protecting state secrets prescribes"
            )
        }

        // 17 business_type, 18 related_document_id, 19 business_reason.
        Self.checkBusiness(header, caller: caller, into: &check)

        // 20 signing_time.
        Self.checkSigningTime(header.signingTime, now: now, into: &check)

        return check.violations
    }

    /// `document_id` (field 1), once its length is known to be right: its form, its owner and its code.
    private static func checkDocumentID(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        into check: inout HeaderChecker
    ) {
        let documentID: DocumentID
        do {
            documentID = try DocumentID(validating: header.documentID)
        } catch {
            check.add("document_id", error.message)
            return
        }
        if documentID.organisationID != caller {
            check.add(
                "document_id",
                "must start with the sender's organisation id \(caller) (your own), not \(documentID.organisationID)"
            )
        }
        let code = header.code
        if header.hasCode, !code.number.isEmpty, !code.notation.isEmpty {
            let expected = code.number + "/" + code.notation
            if documentID.numberAndNotation != expected {
                check.add(
                    "document_id",
                    "its number and notation \(documentID.numberAndNotation.quotedForMessage()) must equal "
                        + "code.number + \"/\" + code.notation, \(expected.quotedForMessage())"
                )
            }
        }
    }
}
