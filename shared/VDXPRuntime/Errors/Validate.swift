public import Foundation
public import GRPCCore
import SwiftASN1
public import VDXPCore
public import X509

/// Input checks shared by the services' handlers. Each throws INVALID_ARGUMENT naming the field and the rule, with
/// the field as a `google.rpc.BadRequest` violation.
public enum Validate {
    /// A required text of 1 to `maximum` characters (Unicode code points, `codePointCount`: not bytes, and not
    /// grapheme clusters, whose size is unbounded), trimmed of surrounding spaces.
    public static func text(_ value: String, field: String, maximum: Int) throws(RPCError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .invalidArgument(field: field, message: "\(field) is required")
        }
        guard trimmed.codePointCount <= maximum else {
            throw .invalidArgument(
                field: field,
                message: "\(field) has \(trimmed.codePointCount) characters; at most \(maximum) are allowed")
        }
        return trimmed
    }

    /// An organisation id (QĐ 20/2020 form, enterprise code or personal number).
    public static func organisationID(_ value: String, field: String) throws(RPCError) -> OrganisationID {
        do {
            return try OrganisationID(validating: value)
        } catch {
            throw .invalidArgument(field: field, message: "\(field): \(error.message)")
        }
    }

    /// A page size: 0 means `defaultValue`; otherwise 1 to `maximum`.
    public static func pageSize(_ value: Int32, default defaultValue: Int, maximum: Int) throws(RPCError) -> Int {
        if value == 0 { return defaultValue }
        guard value > 0, value <= maximum else {
            throw .invalidArgument(
                field: "page_size",
                message: "page_size must be 1 to \(maximum) (0 means \(defaultValue)); got \(value)")
        }
        return Int(value)
    }

    /// A DER-encoded X.509 certificate.
    public static func certificate(_ der: Data, field: String) throws(RPCError) -> Certificate {
        guard !der.isEmpty else { throw .invalidArgument(field: field, message: "\(field) is required") }
        do {
            return try Certificate(derEncoded: Array(der))
        } catch {
            throw .invalidArgument(
                field: field,
                message: "\(field) is not a DER-encoded X.509 certificate (send DER bytes, not PEM text)")
        }
    }
}
