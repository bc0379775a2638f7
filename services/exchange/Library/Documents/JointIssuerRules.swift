import Foundation
import VDXPCore
import VDXPProto
import VDXPRuntime

/// The rules of `DocumentHeader.joint_issuers` (a joint document, văn bản liên tịch, Art. 11.1): 0 to 4 co-issuing
/// organisations, each a member of the platform (in the global configuration, not closed) other than the sender,
/// none twice, each with its name and its competent signer's position and full name.
enum JointIssuerRules {
    /// Most co-issuers besides the sender: with the sender, five organisations and ten signatures.
    static let maximum = 4

    /// The violations of `header.joint_issuers`, with field paths relative to the header.
    static func violations(
        in header: Vdxp_Exchange_V1_DocumentHeader, sender: String, snapshot: GlobalConfigurationSnapshot
    ) -> [FieldViolation] {
        var violations: [FieldViolation] = []
        if header.jointIssuers.count > maximum {
            violations.append(
                FieldViolation(
                    field: "joint_issuers",
                    rule:
                        "has \(header.jointIssuers.count) entries; at most \(maximum) organisations co-issue with the "
                        + "sender"))
        }
        var seen: [String: Int] = [:]
        for (index, issuer) in header.jointIssuers.enumerated() {
            let field = "joint_issuers[\(index)]"
            let id = issuer.organisation.organisationID
            if let member = snapshot.parties[id] {
                if member.state == .closed {
                    violations.append(
                        FieldViolation(
                            field: "\(field).organisation.organisation_id",
                            rule: "\(id.echoed) is closed; its successor is \(member.successorOrganisationID)"))
                }
            } else {
                violations.append(
                    FieldViolation(
                        field: "\(field).organisation.organisation_id",
                        rule: "\(id.echoed) is not a member of the platform: a co-issuer signs with its registered seal"
                    ))
            }
            if id == sender {
                violations.append(
                    FieldViolation(
                        field: "\(field).organisation.organisation_id",
                        rule: "is the sender: the sender's own signer is `signer`, not a joint issuer"))
            }
            if let first = seen[id] {
                violations.append(
                    FieldViolation(
                        field: "\(field).organisation.organisation_id",
                        rule: "repeats joint_issuers[\(first)]: each organisation co-issues once"))
            } else {
                seen[id] = index
            }
            violations += text(issuer.organisation.name, field: "\(field).organisation.name", maximum: 255)
            violations += text(issuer.signer.position, field: "\(field).signer.position", maximum: 100)
            violations += text(issuer.signer.fullName, field: "\(field).signer.full_name", maximum: 50)
        }
        return violations
    }

    /// A required text of 1 to `maximum` characters.
    private static func text(_ value: String, field: String, maximum: Int) -> [FieldViolation] {
        if value.allSatisfy(\.isWhitespace) {
            return [FieldViolation(field: field, rule: "is required (1 to \(maximum) characters)")]
        }
        if value.codePointCount > maximum {
            return [
                FieldViolation(
                    field: field, rule: "has \(value.codePointCount) characters; at most \(maximum) are allowed")
            ]
        }
        return []
    }
}
