import Foundation

/// The rules for an account's fields and passwords (Art. 16). Each check returns the value as it is stored
/// (trimmed, folded) or throws ``AccountRuleError`` naming the field and the rule.
///
/// ```swift
/// let username = try AccountRules.username("  Nguyen.An ")      // "nguyen.an"
/// try AccountRules.password(newPassword, username: username)
/// ```
public enum AccountRules {
    /// Shortest password, in characters.
    public static let minimumPasswordLength = 12
    /// Longest password, in characters (bounds the hashing work an attacker can ask for).
    public static let maximumPasswordLength = 128

    /// A username: 3 to 64 characters of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit. Surrounding
    /// spaces are trimmed and upper-case ASCII letters folded to lower case.
    public static func username(_ value: String, field: String = "username") throws(AccountRuleError) -> String {
        let folded = trimmed(value).lowercased()
        guard (3...64).contains(folded.codePointCount) else {
            throw AccountRuleError(field: field, rule: "must have 3 to 64 characters; it has \(folded.codePointCount)")
        }
        guard folded.unicodeScalars.allSatisfy({ isLowerAlphanumeric($0) || ".-_".unicodeScalars.contains($0) }),
            let first = folded.unicodeScalars.first, isLowerAlphanumeric(first)
        else {
            throw AccountRuleError(
                field: field,
                rule: "may contain only a-z, 0-9, '.', '_' and '-', and must start with a letter or digit")
        }
        return folded
    }

    /// An e-mail address `local@domain.tld`, at most 254 characters, without spaces, in ASCII (the platform's mail
    /// relay takes no other form: a domain with Vietnamese letters is written `xn--…`); trimmed.
    public static func email(_ value: String, field: String = "email") throws(AccountRuleError) -> String {
        let text = trimmed(value)
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !text.contains(where: { $0.isWhitespace || $0.isNewline })
        else {
            throw AccountRuleError(
                field: field, rule: "must be an e-mail address such as an.nv@vpcp.gov.vn (at most 254 characters)")
        }
        guard text.unicodeScalars.allSatisfy(\.isASCII) else {
            throw AccountRuleError(
                field: field, rule: "must be written in ASCII: write a domain with Vietnamese letters in its xn-- form")
        }
        return text
    }

    /// A telephone number for SMS: 8 to 15 digits, optionally after `+` and then not starting with 0 (no country code
    /// does); spaces, dots, dashes and parentheses are removed.
    public static func phone(_ value: String, field: String = "phone") throws(AccountRuleError) -> String {
        let compact = trimmed(value).filter { !" .-()".contains($0) }
        let digits = compact.hasPrefix("+") ? compact.dropFirst() : Substring(compact)
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            !(compact.hasPrefix("+") && digits.hasPrefix("0"))
        else {
            throw AccountRuleError(
                field: field, rule: "must be a telephone number of 8 to 15 digits, e.g. +84912345678 or 0912345678")
        }
        return compact
    }

    /// A new password: 12 to 128 characters, not containing the username (case ignored). Passwords are never
    /// trimmed or echoed.
    public static func password(
        _ value: String, username: String, field: String = "password"
    ) throws(AccountRuleError) {
        guard value.count >= minimumPasswordLength else {
            throw AccountRuleError(
                field: field,
                rule: "must have at least \(minimumPasswordLength) characters; a passphrase of several words is easiest"
            )
        }
        guard value.codePointCount <= maximumPasswordLength else {
            throw AccountRuleError(field: field, rule: "must have at most \(maximumPasswordLength) characters")
        }
        guard username.isEmpty || !value.lowercased().contains(username.lowercased()) else {
            throw AccountRuleError(field: field, rule: "must not contain the username")
        }
    }

    private static func trimmed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// A field of an account that breaks a rule: `field: rule`, e.g. `password: must have at least 12 characters`.
/// Services answer it as INVALID_ARGUMENT.
public struct AccountRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's proto path, e.g. `account.email`.
    public var field: String
    /// The rule it breaks, a sentence fragment following the field name.
    public var rule: String

    /// Creates an error.
    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    /// `field: rule`.
    public var description: String { "\(field): \(rule)" }
}
