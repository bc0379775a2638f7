import Foundation

/// The encodings that carry UTF-8 text (Vietnamese with diacritics) through 7-bit mail: RFC 2047 encoded words for
/// headers and RFC 2045 quoted-printable for the body.
enum MIMEEncoding {
    /// A header text as-is when it is printable ASCII, else as RFC 2047 `=?UTF-8?B?…?=` words separated by CRLF +
    /// space (folded, RFC 5322 §2.2.3), each line at most 76 characters — the first counting `prefix`, the header's
    /// name written before it (`"Subject: "`).
    static func headerText(_ text: String, after prefix: String = "") -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), text.utf8.count <= 900 {
            return text
        }
        return encodedWords(text, firstLineUsed: prefix.utf8.count).joined(separator: "\r\n ")
    }

    /// A display name: a quoted string when it is plain ASCII, else encoded words (the first line counting `prefix`,
    /// as ``headerText(_:after:)``).
    static func phrase(_ text: String, after prefix: String = "") -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) && $0 != "\"" && $0 != "\\" }) {
            return "\"\(text)\""
        }
        return encodedWords(text, firstLineUsed: prefix.utf8.count).joined(separator: "\r\n ")
    }

    /// `text` as RFC 2047 B-encoded words on lines of at most 76 characters (RFC 2047 §2): a word on a line of its own
    /// is `=?UTF-8?B?` + 60 base64 characters + `?=` (45 bytes of UTF-8), the first one shorter by the
    /// `firstLineUsed` characters written before it. Words are cut between characters — or, for a character too long
    /// for one word (a letter with hundreds of combining marks), between its Unicode scalars, which RFC 2047 allows —
    /// never inside a scalar's UTF-8 bytes.
    static func encodedWords(_ text: String, firstLineUsed: Int = 0) -> [String] {
        /// The most UTF-8 bytes a word of at most `length` characters holds (12 of them are `=?UTF-8?B?` and `?=`).
        func capacity(_ length: Int) -> Int { max(1, (length - 12) / 4) * 3 }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(min(75, 76 - firstLineUsed))
        func append(_ bytes: [UInt8]) {
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
                limit = capacity(75)  // a folded line starts with a space
            }
            chunk += bytes
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= capacity(75) {
                append(bytes)
            } else {
                for scalar in character.unicodeScalars { append(Array(String(scalar).utf8)) }
            }
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
