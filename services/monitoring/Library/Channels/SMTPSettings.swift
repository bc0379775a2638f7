/// Where and how the e-mail channel reaches its relay (Art. 19.2). Read from the environment by
/// ``ChannelSettings``; see docs/operations.md for the variables.
struct SMTPSettings: Sendable {
    /// How the conversation with the relay is protected.
    enum Security: String, Sendable, CaseIterable {
        /// Connect in plaintext (port 587 or 25) and upgrade with STARTTLS before anything else; a relay that does
        /// not offer STARTTLS is refused. The default.
        case startTLS = "starttls"
        /// TLS from the first byte (SMTPS, port 465).
        case implicitTLS = "implicit"
        /// No TLS at all: only for a relay on this machine's loopback (the development sink); refused for any
        /// other host.
        case noneLoopbackOnly = "none-loopback-only"
    }

    /// The relay's host name or address.
    var host: String
    /// The relay's port (587 for STARTTLS, 465 for implicit TLS, 25 …).
    var port: Int
    /// STARTTLS, implicit TLS or (loopback only) none.
    var security: Security
    /// The sender: `MAIL FROM` and the `From` header.
    var from: SMTPMailbox
    /// Sent with AUTH PLAIN or LOGIN when the relay advertises one of them; nil: no authentication.
    var credentials: SMTPCredentials?
    /// PEM file of the certificate authorities the relay's certificate must chain to; nil: the system's.
    var trustRootsPath: String?
    /// The name this client gives in EHLO: the machine's host name as the relay should know it.
    var clientName: String
    /// The longest wait for the TCP connection, the TLS handshake, and each reply of the relay but the message's.
    var stepTimeout: Duration

    /// The longest wait for the relay's answer to the message itself, which a relay that scans content (antivirus,
    /// data-loss prevention) may take minutes to give: five step timeouts, at most 5 minutes (RFC 5321 §4.5.3.2.6
    /// suggests 10). Given up sooner, a message the relay then accepts would be sent again.
    var messageTimeout: Duration { min(stepTimeout * 5, .seconds(300)) }

    /// The longest one session may take: the connection, the greeting, EHLO, STARTTLS, the handshake, EHLO again,
    /// AUTH LOGIN's three replies, MAIL, RCPT, DATA and QUIT at ``stepTimeout`` each, and the message's answer at
    /// ``messageTimeout`` — 9 minutes at the default 30 s.
    var longestSession: Duration { stepTimeout * 13 + messageTimeout }

    /// Whether `host` names this machine's loopback interface: `localhost`, `::1`, or an IPv4 address of 127.0.0.0/8
    /// written as four decimal numbers — not a name that merely starts with `127.` (`127.relay.example.vn`).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && (UInt8($0) != nil) }
    }

    /// `host:port` for messages.
    var relay: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A user name and password for SMTP AUTH. Its description never shows the password.
struct SMTPCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The user name the relay knows the platform by.
    let username: String
    /// The password (read from a secret file).
    let password: String

    var description: String { "\(username) (password hidden)" }
}
