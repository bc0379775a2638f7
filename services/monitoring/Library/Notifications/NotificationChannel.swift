import Foundation

/// One message to one address on one channel, as the notification dispatcher hands it to a channel.
struct ChannelMessage: Sendable, Equatable {
    /// The notification this message delivers (the outbox row's id); channels use it as an idempotency key where
    /// the transport has one (e-mail `Message-ID`, the SMS gateway's `reference`).
    let notificationID: UUID
    /// Where it goes: an e-mail address for e-mail, an E.164 telephone number (`+84…`) for SMS.
    let address: String
    /// The subject line (e-mail only; SMS ignores it).
    let subject: String
    /// The text, UTF-8, Vietnamese with diacritics.
    let body: String
}

/// How one delivery attempt ended.
enum ChannelOutcome: Sendable, Equatable {
    /// The relay or gateway accepted the message; `detail` is what it answered (e.g. `250 2.0.0 queued as …`).
    case accepted(detail: String)
    /// Worth retrying later (connection refused, timeout, 4xx SMTP reply, HTTP 429/5xx); `detail` says what happened.
    case transientFailure(detail: String)
    /// Retrying cannot help (5xx SMTP reply to the recipient, HTTP 4xx other than 429, an invalid address).
    case permanentFailure(detail: String)
}

/// A way of delivering a notification outside the platform: e-mail over SMTP or SMS through an HTTP gateway
/// (Art. 19.2). The in-platform inbox needs no channel: the dispatcher writes it in the database.
protocol NotificationChannel: Sendable {
    /// Delivers one message and reports how it went; never throws for a delivery failure (a failure is an outcome).
    func deliver(_ message: ChannelMessage) async -> ChannelOutcome

    /// The longest one delivery may take at the channel's timeouts: the outbox lease must be longer, so that no other
    /// replica claims a notification while it is being sent (``MonitoringChannels/checkLease(_:)``).
    var longestDelivery: Duration { get }
}

extension NotificationChannel {
    /// A channel without timeouts of its own (the tests' recording channels) takes no time the lease must cover.
    var longestDelivery: Duration { .zero }
}
