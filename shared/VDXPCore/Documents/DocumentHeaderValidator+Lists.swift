import VDXPProto

extension DocumentHeaderValidator {
    /// `recipients` (field 3): 1 to ``maximumRecipients``, each a valid ``OrganisationID``, none the sender, none
    /// twice, and each entry's strings.
    static func checkRecipients(
        _ recipients: [Vdxp_Exchange_V1_Organisation],
        caller: OrganisationID,
        into check: inout HeaderChecker
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

    /// `attachments` (field 15): at most ``maximumAttachments``, names unique and without slashes, 32-byte digests,
    /// sizes 0 or more and together within ``maximumTotalAttachmentBytes``.
    func checkAttachments(
        _ attachments: [Vdxp_Exchange_V1_AttachmentDescriptor],
        into check: inout HeaderChecker
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

    private static func mebibytes(_ bytes: Int64) -> String {
        let mib = Double(bytes) / 1_048_576
        return mib == mib.rounded() ? "\(Int64(mib)) MiB" : "\(mib) MiB"
    }
}
