/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text.
///
/// ```
/// 250-relay.example.vn
/// 250-STARTTLS
/// 250 AUTH PLAIN LOGIN
/// ```
/// is one reply with code 250 and the lines `relay.example.vn`, `STARTTLS`, `AUTH PLAIN LOGIN`.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The reply code, 200 to 599.
    let code: Int
    /// The text of each line, without the code and separator; at least one (possibly empty).
    let lines: [String]

    /// 2xx: the command succeeded.
    var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: go on (354 after DATA, 334 during AUTH).
    var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: refused for now; the same command may succeed later (RFC 5321 §4.2.1).
    var isTransientNegative: Bool { (400..<500).contains(code) }
    /// 5xx: refused; repeating the same command will not help.
    var isPermanentNegative: Bool { (500..<600).contains(code) }

    /// The reply as the server wrote it, lines joined by " / " (for logs and outcome details).
    var description: String {
        "\(code) " + lines.joined(separator: " / ")
    }

    /// The keywords of an EHLO reply (every line but the greeting), upper-cased, with their parameters:
    /// `["STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"], "SIZE": ["35882577"]]`.
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { String($0).uppercased() }
            guard let keyword = words.first else { continue }
            found[keyword] = Array(words.dropFirst())
        }
        return found
    }
}
