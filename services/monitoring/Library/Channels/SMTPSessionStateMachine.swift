import Foundation

/// The conversation that hands one message to a relay (RFC 5321 §3–4, RFC 3207 STARTTLS, RFC 4954 AUTH), as a pure
/// state machine: it is told each reply and answers what to do next. The I/O is ``SMTPClient``'s.
///
/// ```
/// S: 220 greeting               C: EHLO name
/// S: 250 …STARTTLS              C: STARTTLS          (unless TLS is already on, or none-loopback-only)
/// S: 220                        — TLS handshake —    C: EHLO name
/// S: 250 …AUTH PLAIN LOGIN      C: AUTH PLAIN …      (when credentials are set and the relay offers them)
/// S: 235                        C: MAIL FROM:<from>
/// S: 250                        C: RCPT TO:<to>
/// S: 250                        C: DATA
/// S: 354                        C: message, dot-stuffed, CRLF.CRLF
/// S: 250 queued                 C: QUIT              → accepted
/// ```
///
/// Outcomes: a 4xx reply anywhere is transient (RFC 5321 §4.2.1: the same command may succeed later). A 5xx reply to
/// `RCPT TO`, `DATA` or the message itself is permanent when it refuses this message or recipient (a mailbox that
/// does not exist, a message too big). A 5xx reply before that (greeting, EHLO, STARTTLS, AUTH, `MAIL FROM`), or one
/// after it that refuses the platform as a client (``SMTPReply/refusesPlatform``: relaying denied, the EHLO name or
/// the sender refused, SPF or DMARC), is a relay or settings problem the operator fixes, so it is transient: the
/// message waits in the outbox instead of being dropped. So is a relay that does not offer the STARTTLS the settings
/// require, or no AUTH when credentials are set.
struct SMTPSessionStateMachine: Sendable {
    /// What the conversation needs.
    struct Configuration: Sendable {
        var security: SMTPSettings.Security
        var credentials: SMTPCredentials?
        var clientName: String
        var sender: String
        var recipient: String
        /// The message as sent after DATA: dot-stuffed, ending with CRLF.CRLF (``SMTPMessageEncoder/dataSection(_:)``).
        var data: String
        /// The relay, for messages.
        var relay: String
    }

    /// What the client does next.
    enum Action: Sendable, Equatable {
        /// Send this command line (the client adds CRLF).
        case send(String)
        /// Send the message data (already ending with CRLF.CRLF); its reply may take longer.
        case sendData(String)
        /// Start TLS on the connection, then call ``tlsEstablished()``.
        case startTLS
        /// Send QUIT, close the connection and report `outcome`.
        case quit(ChannelOutcome)
    }

    /// Where the conversation is (the reply awaited).
    enum State: Sendable, Equatable {
        case greeting
        case ehlo
        case startTLS
        case authPlain
        case authLoginUsername
        case authLoginPassword
        case authLoginDone
        case mailFrom
        case rcptTo
        case data
        case message
        case finished
    }

    private(set) var state: State = .greeting

    /// The reply awaited, in words: `MAIL FROM`, `the message` …
    var awaiting: String {
        switch state {
        case .greeting: "the greeting"
        case .ehlo: "EHLO"
        case .startTLS: "STARTTLS"
        case .authPlain, .authLoginUsername, .authLoginPassword, .authLoginDone: "AUTH"
        case .mailFrom: "MAIL FROM"
        case .rcptTo: "RCPT TO"
        case .data: "DATA"
        case .message: "the message"
        case .finished: "QUIT"
        }
    }
    private(set) var secured: Bool
    private let configuration: Configuration

    /// A conversation about to read the greeting; `tlsActive` when the connection is TLS from the start.
    init(_ configuration: Configuration, tlsActive: Bool) {
        self.configuration = configuration
        self.secured = tlsActive
    }

    /// The relay's reply to what was last sent (or its greeting).
    mutating func receive(_ reply: SMTPReply) -> Action {
        switch state {
        case .greeting:
            guard reply.isPositiveCompletion else { return refusedPlatform("greeted with", reply) }
            return ehlo()
        case .ehlo:
            guard reply.isPositiveCompletion else { return refusedPlatform("answered EHLO with", reply) }
            return afterEHLO(reply.extensions)
        case .startTLS:
            guard reply.isPositiveCompletion else { return refusedPlatform("answered STARTTLS with", reply) }
            state = .finished
            return .startTLS
        case .authPlain, .authLoginDone:
            guard reply.code == 235 else { return refusedCredentials(reply) }
            return mailFrom()
        case .authLoginUsername:
            guard reply.code == 334 else { return refusedCredentials(reply) }
            state = .authLoginPassword
            return .send(Data(configuration.credentials!.username.utf8).base64EncodedString())
        case .authLoginPassword:
            guard reply.code == 334 else { return refusedCredentials(reply) }
            state = .authLoginDone
            return .send(Data(configuration.credentials!.password.utf8).base64EncodedString())
        case .mailFrom:
            guard reply.isPositiveCompletion else {
                return refusedPlatform(
                    "refused the sender \(configuration.sender) (check VDXP_MONITORING_SMTP_FROM) with", reply)
            }
            state = .rcptTo
            return .send("RCPT TO:<\(configuration.recipient)>")
        case .rcptTo:
            guard reply.isPositiveCompletion else {
                return refusedMessage("the recipient \(configuration.recipient)", reply)
            }
            state = .data
            return .send("DATA")
        case .data:
            guard reply.code == 354 else { return refusedMessage("DATA", reply) }
            state = .message
            return .sendData(configuration.data)
        case .message:
            guard reply.isPositiveCompletion else { return refusedMessage("the message", reply) }
            state = .finished
            return .quit(.accepted(detail: reply.description))
        case .finished:
            return .quit(
                .transientFailure(detail: "the relay \(configuration.relay) sent an unexpected reply: \(reply)"))
        }
    }

    /// TLS is up after STARTTLS: greet again (RFC 3207 §4.2: the client forgets what it knew).
    mutating func tlsEstablished() -> Action {
        secured = true
        return ehlo()
    }

    private mutating func ehlo() -> Action {
        state = .ehlo
        return .send("EHLO \(configuration.clientName)")
    }

    private mutating func afterEHLO(_ extensions: [String: [String]]) -> Action {
        if !secured, configuration.security == .startTLS {
            guard extensions["STARTTLS"] != nil else {
                state = .finished
                return .quit(
                    .transientFailure(
                        detail: "the relay \(configuration.relay) does not offer STARTTLS, which "
                            + "VDXP_MONITORING_SMTP_TLS=starttls requires: enable it on the relay, or use implicit TLS")
                )
            }
            state = .startTLS
            return .send("STARTTLS")
        }
        if configuration.credentials != nil, extensions["AUTH"] == nil {
            // Sent without the credentials the operator set, the mail would be refused as relaying — or relayed by a
            // relay that was meant to check who sends.
            state = .finished
            return .quit(
                .transientFailure(
                    detail:
                        "the relay \(configuration.relay) offers no AUTH, but VDXP_MONITORING_SMTP_USERNAME is set: "
                        + "enable AUTH PLAIN or LOGIN on the relay (after STARTTLS), or unset the username if it relays "
                        + "for the platform without authentication"))
        }
        if let credentials = configuration.credentials, let mechanisms = extensions["AUTH"] {
            if mechanisms.contains("PLAIN") {
                state = .authPlain
                let token = Data(("\0" + credentials.username + "\0" + credentials.password).utf8)
                return .send("AUTH PLAIN " + token.base64EncodedString())
            }
            if mechanisms.contains("LOGIN") {
                state = .authLoginUsername
                return .send("AUTH LOGIN")
            }
            // Sending without the credentials the operator set would only be refused as relaying later, and that
            // refusal would look like the recipient's (permanent): say what is wrong with the platform's settings.
            state = .finished
            return .quit(
                .transientFailure(
                    detail: "the relay \(configuration.relay) offers AUTH \(mechanisms.joined(separator: " ")) but "
                        + "neither PLAIN nor LOGIN, which VDXP uses: enable one on the relay, or unset "
                        + "VDXP_MONITORING_SMTP_USERNAME if it relays for the platform without authentication"))
        }
        return mailFrom()
    }

    private mutating func mailFrom() -> Action {
        state = .mailFrom
        return .send("MAIL FROM:<\(configuration.sender)>")
    }

    /// A refusal of the platform or its settings, not of this message: retry later.
    private mutating func refusedPlatform(_ what: String, _ reply: SMTPReply) -> Action {
        state = .finished
        return .quit(.transientFailure(detail: "the relay \(configuration.relay) \(what) \(reply)"))
    }

    private mutating func refusedCredentials(_ reply: SMTPReply) -> Action {
        state = .finished
        return .quit(
            .transientFailure(
                detail: "the relay \(configuration.relay) refused the credentials of "
                    + "\(configuration.credentials?.username ?? "?"): \(reply); check VDXP_MONITORING_SMTP_USERNAME "
                    + "and VDXP_MONITORING_SMTP_PASSWORD_FILE"))
    }

    /// A refusal at `RCPT TO`, `DATA` or of the message: permanent for a 5xx that refuses this recipient or message;
    /// transient for a 4xx, and for a 5xx that refuses the platform (``SMTPReply/refusesPlatform``).
    private mutating func refusedMessage(_ what: String, _ reply: SMTPReply) -> Action {
        state = .finished
        guard reply.isPermanentNegative, !reply.refusesPlatform else {
            let detail =
                reply.isPermanentNegative
                ? "the relay \(configuration.relay) answered \(what) with \(reply), a refusal of the platform rather "
                    + "than of the message: check the relay's policy for the platform and VDXP_MONITORING_SMTP_* "
                    + "(sender, EHLO name, credentials)"
                : "the relay \(configuration.relay) refused \(what) for now: \(reply)"
            return .quit(.transientFailure(detail: detail))
        }
        return .quit(.permanentFailure(detail: "the relay \(configuration.relay) refused \(what): \(reply)"))
    }
}
