import Foundation

/// An e-mail mailbox: an address and, for the sender, an optional display name
/// (`Trục liên thông văn bản quốc gia <canhbao@vdxp.gov.vn>`).
struct SMTPMailbox: Sendable, Equatable, CustomStringConvertible {
    /// The address as given in `MAIL FROM`/`RCPT TO`: `local@domain`.
    let address: String
    /// The display name of a `From` header; nil for a bare address.
    let displayName: String?

    /// Why a text is not a mailbox.
    struct Invalid: Error, Equatable, CustomStringConvertible {
        /// The text given and the rule it breaks.
        let description: String
    }

    /// Parses `local@domain` or `Display Name <local@domain>`. The address must have one `@` with text on both
    /// sides, at most 254 characters, only ASCII, and no spaces, control characters, `<`, `>` or `"` (so nothing can
    /// be injected into an SMTP command or a header).
    init(_ text: String) throws(Invalid) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var address = trimmed
        var displayName: String?
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            displayName = name.isEmpty ? nil : name.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard Self.isValidAddress(address) else {
            throw Invalid(
                description: "\"\(text.prefix(100))\" is not an e-mail address: write local@domain, at most 254 "
                    + "characters, without spaces")
        }
        // Without SMTPUTF8 (RFC 6531), which the platform does not use, an address travels in ASCII: a relay refuses
        // raw UTF-8 in `RCPT TO` with a 5xx that would look like the recipient's.
        guard address.unicodeScalars.allSatisfy(\.isASCII) else {
            throw Invalid(
                description: "\"\(text.prefix(100))\" has letters outside ASCII: write its domain in its ASCII form "
                    + "(xn--…), as Central now requires")
        }
        if let displayName, displayName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Invalid(description: "the display name of \"\(text.prefix(100))\" has control characters")
        }
        self.address = address
        self.displayName = displayName
    }

    /// Whether `address` is a plain `local@domain` safe to put in an SMTP command.
    static func isValidAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return address.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !address.unicodeScalars.contains(where: {
                $0.value <= 0x20 || $0.value == 0x7F || "<>\"(),;:\\[]".unicodeScalars.contains($0)
            })
    }

    /// The part after the `@`.
    var domain: String { String(address.split(separator: "@").last ?? "") }

    /// The mailbox as the value of a `From:` header: the display name as RFC 2047 encoded words when it is not plain
    /// ASCII (the first line counting `From: `).
    var headerValue: String {
        guard let displayName else { return address }
        return "\(MIMEEncoding.phrase(displayName, after: "From: ")) <\(address)>"
    }

    var description: String { headerValue }
}
