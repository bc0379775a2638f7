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

    /// The enhanced status code the first line starts with (RFC 3463, `class.subject.detail`, e.g. `5.1.1` → 5, 1, 1),
    /// or `nil` when it has none.
    var enhancedStatus: (class: Int, subject: Int, detail: Int)? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let klass = Int(parts[0]), let subject = Int(parts[1]), let detail = Int(parts[2]),
            [2, 4, 5].contains(klass)
        else { return nil }
        return (klass, subject, detail)
    }

    /// Whether a 5xx reply to `RCPT TO`, `DATA` or the message refuses the platform as a client of the relay — its
    /// settings, its sender address, its name, its protocol — rather than this recipient or message: RFC 3463's
    /// X.5.x (protocol: a rejected EHLO name), X.7.x (security or policy: relaying denied, SPF or DMARC), X.1.7 and
    /// X.1.8 (the sender's address), X.3.x but X.3.4 (the mail system); without an enhanced code, 500–504 (a command
    /// the relay did not accept) and 530 (authentication required). Postfix, for one, reports its refusals of the
    /// client, its EHLO name and its sender only at `RCPT TO`. The rest — X.1.x (a bad mailbox), X.2.x (mailbox
    /// full or disabled), X.3.4 and X.6.x (this message), X.4.x (no route to the recipient's domain), 550–554
    /// without an enhanced code — refuses the recipient or the message.
    var refusesPlatform: Bool {
        if let status = enhancedStatus {
            switch (status.subject, status.detail) {
            case (5, _), (7, _), (1, 7), (1, 8): return true
            case (3, let detail): return detail != 4
            default: return false
            }
        }
        return (500...504).contains(code) || code == 530
    }

    /// The reply as the server wrote it, lines joined by " / " (for logs and outcome details).
    var description: String {
        "\(code) " + lines.joined(separator: " / ")
    }

    /// The keywords of an EHLO reply (every line but the greeting), upper-cased, with their parameters:
    /// `["STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"], "SIZE": ["35882577"]]`. The mechanisms of the pre-standard
    /// `AUTH=LOGIN PLAIN` line, which older relays still send beside or instead of `AUTH`, are counted under `AUTH`.
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            var words = line.split(separator: " ").map { String($0).uppercased() }
            guard var keyword = words.first else { continue }
            words.removeFirst()
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst("AUTH=".count)), at: 0)
                keyword = "AUTH"
            }
            found[keyword, default: []].append(contentsOf: words.filter { !(found[keyword]?.contains($0) ?? false) })
        }
        return found
    }
}
