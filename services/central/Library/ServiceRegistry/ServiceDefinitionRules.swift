import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// The rules a service definition must follow (Art. 10.1: purpose, scope, documentation, principles), checked before
/// anything is read or written. Each violation is a `CentralError.invalidField` naming the field and the rule.
enum ServiceDefinitionRules {
    /// The longest code: 64 characters.
    static let maximumCodeLength = 64
    /// The most members a LISTED_MEMBERS scope may name.
    static let maximumConsumers = 1000

    /// A complete definition, trimmed. For an UPDATE `code` may be empty (the service keeps its code), so
    /// `requireCode` is false and an empty code is returned empty.
    static func checked(
        _ definition: Vdxp_Central_V1_ServiceDefinition, field: String, requireCode: Bool
    ) throws -> Vdxp_Central_V1_ServiceDefinition {
        var result = Vdxp_Central_V1_ServiceDefinition()
        if requireCode || !definition.code.isEmpty {
            result.code = try code(definition.code, field: "\(field).code")
        }
        result.displayName = try Validate.text(definition.displayName, field: "\(field).display_name", maximum: 255)
        result.purpose = try Validate.text(definition.purpose, field: "\(field).purpose", maximum: 2000)
        guard definition.hasScope else {
            throw CentralError.invalidField(field: "\(field).scope", message: "\(field).scope is required")
        }
        result.scope = try scope(definition.scope, field: "\(field).scope")
        result.documentationUri = try documentationURI(definition.documentationUri, field: "\(field).documentation_uri")
        result.provisionPrinciples = try Validate.text(
            definition.provisionPrinciples, field: "\(field).provision_principles", maximum: 2000)
        return result
    }

    /// A service code: 1 to 64 of `a-z`, `0-9`, `-`, starting with a letter, not ending with `-`.
    static func code(_ value: String, field: String) throws -> String {
        guard !value.isEmpty else { throw CentralError.invalidField(field: field, message: "\(field) is required") }
        let scalars = Array(value.unicodeScalars)
        let allowed = scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard scalars.count <= maximumCodeLength, allowed, ("a"..."z").contains(scalars[0]), scalars.last != "-"
        else {
            throw CentralError.invalidField(
                field: field,
                message: "\(field) \(quoted(value)) must be 1 to \(maximumCodeLength) characters of a-z, 0-9 "
                    + "and '-', start with a letter and not end with '-' (e.g. 'tra-cuu-ho-so')")
        }
        return value
    }

    /// Who may use the service.
    static func scope(_ scope: Vdxp_Central_V1_ServiceScope, field: String) throws
        -> Vdxp_Central_V1_ServiceScope
    {
        var result = Vdxp_Central_V1_ServiceScope()
        switch scope.audience {
        case .allMembers, .stateAgencies:
            guard scope.consumerOrganisationIds.isEmpty else {
                throw CentralError.invalidField(
                    field: "\(field).consumer_organisation_ids",
                    message:
                        "\(field).consumer_organisation_ids must be empty unless audience is SERVICE_AUDIENCE_LISTED_MEMBERS"
                )
            }
        case .listedMembers:
            let ids = scope.consumerOrganisationIds
            guard (1...maximumConsumers).contains(ids.count) else {
                throw CentralError.invalidField(
                    field: "\(field).consumer_organisation_ids",
                    message: "\(field).consumer_organisation_ids must name 1 to \(maximumConsumers) members for "
                        + "SERVICE_AUDIENCE_LISTED_MEMBERS; it names \(ids.count)")
            }
            var seen = Set<String>()
            for (index, id) in ids.enumerated() {
                let valid = try Validate.organisationID(id, field: "\(field).consumer_organisation_ids[\(index)]")
                guard seen.insert(valid.rawValue).inserted else {
                    throw CentralError.invalidField(
                        field: "\(field).consumer_organisation_ids[\(index)]",
                        message: "\(field).consumer_organisation_ids[\(index)] repeats \(quoted(valid.rawValue))")
                }
                result.consumerOrganisationIds.append(valid.rawValue)
            }
        case .unspecified, .UNRECOGNIZED:
            throw CentralError.invalidField(
                field: "\(field).audience",
                message: "\(field).audience: choose SERVICE_AUDIENCE_ALL_MEMBERS, SERVICE_AUDIENCE_STATE_AGENCIES or "
                    + "SERVICE_AUDIENCE_LISTED_MEMBERS")
        }
        result.audience = scope.audience
        result.description_p = try optionalText(scope.description_p, field: "\(field).description", maximum: 2000)
        return result
    }

    /// An absolute `https://` URL with a host, at most 2048 characters.
    static func documentationURI(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CentralError.invalidField(field: field, message: "\(field) is required") }
        guard trimmed.codePointCount <= 2048 else {
            throw CentralError.invalidField(
                field: field, message: "\(field) has \(trimmed.codePointCount) characters; at most 2048 are allowed")
        }
        guard let components = URLComponents(string: trimmed), components.scheme?.lowercased() == "https",
            let host = components.host, !host.isEmpty
        else {
            throw CentralError.invalidField(
                field: field,
                message:
                    "\(field) must be an absolute https:// URL with a host, e.g. https://dichvu.example.gov.vn/api/docs"
            )
        }
        return trimmed
    }

    /// An optional text of at most `maximum` characters, trimmed.
    static func optionalText(_ value: String, field: String, maximum: Int) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.codePointCount <= maximum else {
            throw CentralError.invalidField(
                field: field,
                message: "\(field) has \(trimmed.codePointCount) characters; at most \(maximum) are allowed")
        }
        return trimmed
    }

    /// `value` in quotes for an error message, cut to 60 characters so that a huge input does not make a huge message.
    static func quoted(_ value: String) -> String {
        value.count <= 60 ? "'\(value)'" : "'\(value.prefix(60))…'"
    }
}
