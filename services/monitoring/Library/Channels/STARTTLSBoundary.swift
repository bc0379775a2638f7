import Synchronization

/// The line between plaintext and TLS on one STARTTLS connection, shared by ``SMTPClient`` (which moves it) and
/// ``SMTPReplyDecoder`` (which enforces it on the event loop).
///
/// After the relay's reply to `STARTTLS` nothing may arrive in plaintext until TLS is up (RFC 3207 §6, the
/// "command injection" of CVE-2011-0411 turned towards the client): an attacker on the path can append a forged reply
/// to the relay's `220`, which a client that simply puts TLS in front of its buffered input would then read as the
/// relay's first answer over TLS — the reply to the new `EHLO`, say, with no AUTH, or an "accepted" for a message the
/// relay never took. Such bytes end the conversation instead (a transient failure: the message waits in the outbox).
final class STARTTLSBoundary: Sendable {
    /// Where the connection stands.
    enum Phase: Sendable, Equatable {
        /// Before `STARTTLS` (or on a connection that never sends it): replies are read as they come.
        case plaintext
        /// `STARTTLS` is sent; its reply is the last thing the relay may say in plaintext.
        case awaitingReply
        /// The reply came; TLS is not yet in front of the decoder. Any byte now is injected.
        case upgrading
        /// TLS is in front of the decoder: what reaches it was decrypted.
        case encrypted
        /// Plaintext came after the reply to `STARTTLS`.
        case violated
    }

    private let phase = Mutex(Phase.plaintext)

    /// The connection's phase now.
    var current: Phase { phase.withLock { $0 } }

    /// `STARTTLS` is about to be written: its reply closes the plaintext part of the conversation.
    func startTLSSent() {
        phase.withLock { $0 = .awaitingReply }
    }

    /// TLS is installed in front of the decoder (called on the event loop, with the pipeline change).
    func tlsInstalled() {
        phase.withLock { if $0 != .violated { $0 = .encrypted } }
    }

    /// The decoder has `count` bytes to read: refused while upgrading.
    func checkIncoming(_ count: Int) throws(SMTPClientError) {
        try phase.withLock { (phase: inout Phase) throws(SMTPClientError) in
            if phase == .upgrading, count > 0 {
                phase = .violated
            }
            if phase == .violated { throw SMTPClientError.plaintextAfterStartTLS }
        }
    }

    /// The decoder has just handed on a reply and `remaining` bytes follow it in the buffer: the reply to `STARTTLS`
    /// must be the last of them.
    func replyDecoded(remaining: Int) throws(SMTPClientError) {
        try phase.withLock { (phase: inout Phase) throws(SMTPClientError) in
            guard phase == .awaitingReply else { return }
            phase = remaining > 0 ? .violated : .upgrading
            if phase == .violated { throw SMTPClientError.plaintextAfterStartTLS }
        }
    }
}
