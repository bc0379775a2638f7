import Foundation
public import VDXPProto

/// Checks a parsed `vdxp.exchange.v1.DocumentHeader` against every rule written on its fields in `document.proto`
/// — the completeness check a platform makes before accepting a document (Art. 14.1; fields of QĐ 28 Art. 10.2).
///
/// It reports **all** violations, each naming its field by proto path, so that an integrator can fix them in one
/// round. What it checks:
///
/// - required fields and sub-messages, and the length of every string in characters (`String.count`); a required
///   string of only white space counts as missing;
/// - `document_id` (Art. 12): its form (``DocumentID``), that it starts with the sender's id, and that its number
///   and notation equal `code.number + "/" + code.notation`;
/// - `sender.organisation_id` is the caller's own id (the mTLS identity, never a field a client chooses);
/// - `recipients`: 1 to 500, each a valid ``OrganisationID``, none the sender, none twice;
/// - `promulgation.date` is `yyyy-MM-dd`, a real day, not after today in Vietnam time; `due_date` is empty or
///   `yyyy-MM-dd`;
/// - `priority` 0 to 4 (QĐ 28 Art. 6.2), `steering_type` 0 to 2, `document_type.type` 1 to 4;
/// - `to_places` at most 100 entries, `response_for` at most 50, neither with empty entries;
/// - `attachments`: at most 50, names unique and without `/` or `\`, `sha256` exactly 32 bytes, sizes 0 or more and
///   together within ``maximumTotalAttachmentBytes``;
/// - `state_secret` is false: the platform never carries state secrets (Art. 1.2).
///
/// It does not check what needs data it does not have: that recipients are active members (Art. 13.3), signatures
/// (VDXPTrust), or that the document id is unused (the store).
///
/// ```swift
/// let validator = DocumentHeaderValidator(maximumTotalAttachmentBytes: settings.maxDocumentBytes)
/// try validator.validate(header, caller: identity, today: CalendarDate(receivedAt))
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
    ///   - today: Today's date in Vietnam time (`CalendarDate(now)`), for the promulgation date.
    /// - Throws: ``HeaderValidationError`` listing every violation.
    public func validate(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        today: CalendarDate
    ) throws(HeaderValidationError) {
        let violations = self.violations(in: header, caller: caller, today: today)
        if !violations.isEmpty {
            throw HeaderValidationError(violations: violations)
        }
    }

    /// Every rule the header breaks, in field order; empty when it is valid.
    ///
    /// - Parameters:
    ///   - header: The header, parsed from the signed bytes.
    ///   - caller: The sending member: the organisation id of the caller's mTLS identity.
    ///   - today: Today's date in Vietnam time (`CalendarDate(now)`), for the promulgation date.
    public func violations(
        in header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        today: CalendarDate
    ) -> [FieldViolation] {
        var check = Checker()

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
            let text = header.promulgation.date
            if text.isEmpty {
                check.add("promulgation.date", "is required: the promulgation date, written yyyy-MM-dd")
            } else if let date = CalendarDate(iso8601: text) {
                if date > today {
                    check.add(
                        "promulgation.date",
                        "must not be after today, \(today) in Vietnam time; got \(date)"
                    )
                }
            } else {
                check.add("promulgation.date", Self.badDate(text))
            }
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
        if !header.dueDate.isEmpty, CalendarDate(iso8601: header.dueDate) == nil {
            check.add("due_date", Self.badDate(header.dueDate) + ", or empty when there is none")
        }

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
                "must be 0 to 4 (0 normal, 1 urgent, 2 very urgent, 3 flash, 4 flash at a set time; QĐ 28 "
                    + "Art. 6.2); got \(header.priority)"
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

        return check.violations
    }

    private static func checkDocumentID(
        _ header: Vdxp_Exchange_V1_DocumentHeader,
        caller: OrganisationID,
        into check: inout Checker
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

    private static func checkRecipients(
        _ recipients: [Vdxp_Exchange_V1_Organisation],
        caller: OrganisationID,
        into check: inout Checker
    ) {
        if recipients.isEmpty {
            check.add("recipients", "is required: 1 to \(Self.maximumRecipients) recipients")
        } else if recipients.count > Self.maximumRecipients {
            check.add(
                "recipients",
                "has \(recipients.count) entries; at most \(Self.maximumRecipients) are allowed"
            )
        }
        var firstIndex: [String: Int] = [:]
        for (index, recipient) in recipients.enumerated() {
            let path = "recipients[\(index)]"
            let id = recipient.organisationID
            if id.isEmpty {
                check.add("\(path).organisation_id", "is required: the recipient's organisation id")
            } else if let earlier = firstIndex[id] {
                check.add(
                    "\(path).organisation_id",
                    "repeats recipients[\(earlier)] (\(id.quotedForMessage())); each organisation may appear once"
                )
            } else {
                firstIndex[id] = index
                do {
                    _ = try OrganisationID(validating: id)
                    if id == caller.rawValue {
                        check.add(
                            "\(path).organisation_id",
                            "must not be the sender's own id \(caller): a document is sent to other organisations"
                        )
                    }
                } catch {
                    check.add("\(path).organisation_id", error.message)
                }
            }
            check.strings(DocumentHeaderRules.organisation, of: recipient, at: path)
        }
    }

    private func checkAttachments(
        _ attachments: [Vdxp_Exchange_V1_AttachmentDescriptor],
        into check: inout Checker
    ) {
        if attachments.count > Self.maximumAttachments {
            check.add(
                "attachments",
                "has \(attachments.count) entries; at most \(Self.maximumAttachments) are allowed"
            )
        }
        var firstIndex: [String: Int] = [:]
        var total: Int64 = 0
        var overflowed = false
        for (index, attachment) in attachments.enumerated() {
            let path = "attachments[\(index)]"
            check.strings(DocumentHeaderRules.attachment, of: attachment, at: path)
            let name = attachment.name
            if name.contains("/") || name.contains("\\") {
                check.add("\(path).name", "must be a file name without \"/\" or \"\\\"; got \(name.quotedForMessage())")
            }
            if !name.isEmpty {
                if let earlier = firstIndex[name] {
                    check.add(
                        "\(path).name",
                        "repeats attachments[\(earlier)].name \(name.quotedForMessage()); names are unique in a "
                            + "document"
                    )
                } else {
                    firstIndex[name] = index
                }
            }
            if attachment.sizeBytes < 0 {
                check.add("\(path).size_bytes", "must be 0 or more; got \(attachment.sizeBytes)")
            } else {
                let (sum, overflow) = total.addingReportingOverflow(attachment.sizeBytes)
                if overflow { overflowed = true } else { total = sum }
            }
            if attachment.sha256.count != Self.sha256Length {
                check.add(
                    "\(path).sha256",
                    "must be the 32-byte SHA-256 digest of the attachment's bytes; it has "
                        + "\(attachment.sha256.count) bytes"
                )
            }
        }
        if overflowed || total > self.maximumTotalAttachmentBytes {
            let size = overflowed ? "more than \(Int64.max)" : "\(total)"
            check.add(
                "attachments",
                "declare \(size) bytes in total; at most \(self.maximumTotalAttachmentBytes) bytes "
                    + "(\(Self.mebibytes(self.maximumTotalAttachmentBytes))) are allowed per document"
            )
        }
    }

    private static func badDate(_ text: String) -> String {
        "must be a calendar date written yyyy-MM-dd, e.g. 2026-03-15; got \(text.quotedForMessage())"
    }

    private static func mebibytes(_ bytes: Int64) -> String {
        let mib = Double(bytes) / 1_048_576
        return mib == mib.rounded() ? "\(Int64(mib)) MiB" : "\(mib) MiB"
    }
}

/// Collects violations for ``DocumentHeaderValidator``.
private struct Checker {
    private(set) var violations: [FieldViolation] = []

    mutating func add(_ field: String, _ rule: String) {
        self.violations.append(FieldViolation(field: field, rule: rule))
    }

    /// Whether no violation names `field` so far.
    func isValid(_ field: String) -> Bool {
        !self.violations.contains { $0.field == field }
    }

    /// Applies a table of string rules to `message`, whose fields live under `prefix`.
    mutating func strings<Message>(_ rules: [StringFieldRule<Message>], of message: Message, at prefix: String = "") {
        for rule in rules {
            if let problem = StringFieldRule<Message>.problem(
                with: rule.value(message),
                isRequired: rule.isRequired,
                maximumLength: rule.maximumLength
            ) {
                self.add(prefix.isEmpty ? rule.name : "\(prefix).\(rule.name)", problem)
            }
        }
    }

    /// Checks a repeated string field: its number of entries and each entry's length; entries may not be empty.
    mutating func list(
        _ values: [String],
        named name: String,
        limits: (maximumCount: Int, maximumLength: Int),
        entry: String
    ) {
        if values.count > limits.maximumCount {
            self.add(name, "has \(values.count) entries; at most \(limits.maximumCount) are allowed")
        }
        for (index, value) in values.enumerated() {
            if value.isBlank {
                self.add("\(name)[\(index)]", "must not be empty: remove the entry or give the \(entry)")
            } else if let problem = StringFieldRule<String>.problem(
                with: value,
                isRequired: false,
                maximumLength: limits.maximumLength
            ) {
                self.add("\(name)[\(index)]", problem)
            }
        }
    }
}
