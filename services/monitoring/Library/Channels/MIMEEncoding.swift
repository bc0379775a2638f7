import Foundation

/// The encodings that carry UTF-8 text (Vietnamese with diacritics) through 7-bit mail: RFC 2047 encoded words for
/// headers and RFC 2045 quoted-printable for the body.
enum MIMEEncoding {
    /// A header text as-is when it is printable ASCII, else as RFC 2047 `=?UTF-8?B?…?=` words of at most 75
    /// characters each, never splitting a character, separated by CRLF + space (folded, RFC 5322 §2.2.3).
    static func headerText(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), text.utf8.count <= 900 {
            return text
        }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// A display name: a quoted string when it is plain ASCII, else encoded words.
    static func phrase(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) && $0 != "\"" && $0 != "\\" }) {
            return "\"\(text)\""
        }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// `text` as RFC 2047 B-encoded words, each at most 75 characters (`=?UTF-8?B?` + 60 base64 characters +
    /// `?=`: 45 bytes of UTF-8 per word), cut between characters.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        }
        return words
    }

    /// `text` as quoted-printable (RFC 2045 §6.7): its lines (any of CRLF, CR, LF) become CRLF-separated lines of at
    /// most 76 characters, soft breaks `=` where a line is longer; bytes outside printable ASCII and `=` become `=XX`,
    /// as do a space or tab that would end a line. A leading `.` stays as it is: SMTP dot-stuffing protects it.
    static func quotedPrintable(_ text: String) -> String {
        normalisedLines(text).map(quotedPrintableLine).joined(separator: "\r\n")
    }

    /// The lines of `text`, whatever its line breaks (CRLF, lone CR, lone LF).
    static func normalisedLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            // Swift's Character merges "\r\n", so walk scalars: a CR, an LF, or the pair each end a line.
            switch scalar {
            case "\n":
                if current.unicodeScalars.last == "\r" { current.unicodeScalars.removeLast() }
                lines.append(current)
                current = ""
            case "\r":
                if current.unicodeScalars.last == "\r" {
                    current.unicodeScalars.removeLast()
                    lines.append(current)
                    current = ""
                }
                current.unicodeScalars.append(scalar)
            default:
                if current.unicodeScalars.last == "\r" {
                    current.unicodeScalars.removeLast()
                    lines.append(current)
                    current = ""
                }
                current.unicodeScalars.append(scalar)
            }
        }
        if current.unicodeScalars.last == "\r" {
            current.unicodeScalars.removeLast()
            lines.append(current)
            current = ""
        }
        lines.append(current)
        return lines
    }

    private static func quotedPrintableLine(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let last = index == bytes.count - 1
            switch byte {
            case 0x21...0x3C, 0x3E...0x7E:
                tokens.append(String(UnicodeScalar(byte)))
            case 0x20 where !last, 0x09 where !last:
                tokens.append(String(UnicodeScalar(byte)))
            default:
                tokens.append(String(format: "=%02X", byte))
            }
        }
        var output: [String] = []
        var current = ""
        for token in tokens {
            if current.utf8.count + token.utf8.count > 75 {
                output.append(current + "=")
                current = ""
            }
            current += token
        }
        output.append(current)
        return output.joined(separator: "\r\n")
    }
}
