/// Assembles SMTP replies from the lines a server sends (RFC 5321 §4.2): `250-first`, `250-second`, `250 last`.
/// Pure: it sees text lines, never a socket, so every case is tested without a server.
struct SMTPReplyParser: Sendable {
    /// A line that is not `ddd`, `ddd text` or `ddd-text`, or a continuation line whose code differs.
    struct MalformedReply: Error, Equatable, CustomStringConvertible {
        /// The offending line (cut to 100 characters).
        let line: String
        var description: String { "the server sent a line that is not an SMTP reply: \"\(line)\"" }
    }

    /// The most lines one reply may have; a server sending more is broken or hostile.
    static let maximumLines = 100

    private var code: Int?
    private var lines: [String] = []

    /// Takes one line (without its CRLF); returns the reply it completes, or nil while the reply goes on.
    mutating func consume(_ line: String) throws(MalformedReply) -> SMTPReply? {
        let characters = Array(line.utf8)
        guard characters.count >= 3, characters[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
            let lineCode = Int(String(decoding: characters[0...2], as: UTF8.self)), (200...599).contains(lineCode)
        else {
            throw MalformedReply(line: String(line.prefix(100)))
        }
        if let code, code != lineCode { throw MalformedReply(line: String(line.prefix(100))) }
        let separator = characters.count > 3 ? characters[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw MalformedReply(line: String(line.prefix(100)))
        }
        let text = characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : ""
        code = lineCode
        lines.append(text)
        guard separator == UInt8(ascii: " ") else {
            if lines.count >= Self.maximumLines { throw MalformedReply(line: "more than 100 lines in one reply") }
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
