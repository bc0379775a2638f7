import Foundation
import Logging
import Synchronization
import VDXPProto

/// Tells the operator, once, that a channel has started failing and, once, that it works again. Only transient
/// failures count: a refusal of one recipient or message says nothing of the relay.
///
/// A relay or gateway that refuses every attempt — a wrong `VDXP_MONITORING_SMTP_PASSWORD_FILE`, a relay that lost
/// STARTTLS, a gateway token revoked — fails each notification transiently, and each is retried until it is given up
/// hours later (`VDXP_MONITORING_NOTIFICATION_MAX_AGE_MINUTES`). Without this, nothing would be logged until then.
/// The warning quotes the channel's answer with e-mail addresses and phone numbers taken out (personal data, Decree
/// 13/2023): what the relay said about the credentials or the connection is what the operator needs.
final class ChannelStreaks: Sendable {
    private let failing = Mutex<Set<Vdxp_Monitoring_V1_Channel>>([])

    /// An empty record: no channel failing.
    init() {}

    /// Records `outcome` of an attempt over `channel` for `notificationID`; logs a warning when it is the first
    /// failure after a success (or since the start), and a notice when it is the first success after failures.
    func record(_ outcome: ChannelOutcome, channel: Vdxp_Monitoring_V1_Channel, notificationID: String, logger: Logger)
    {
        switch outcome {
        case .accepted:
            guard failing.withLock({ $0.remove(channel) != nil }) else { return }
            logger.notice(
                "notifications are delivered again", metadata: ["channel": "\(channel)"])
        case .permanentFailure:
            // A refusal of one recipient or message says nothing of the channel.
            return
        case .transientFailure(let detail):
            guard failing.withLock({ $0.insert(channel).inserted }) else { return }
            logger.warning(
                """
                notifications cannot be delivered and are being retried: check the relay or gateway and its settings \
                (the next line comes when one is delivered again)
                """,
                metadata: [
                    "channel": "\(channel)", "notification": "\(notificationID)",
                    "detail": "\(Self.withoutAddresses(detail).prefix(500))",
                ])
        }
    }

    /// `text` with e-mail addresses and phone numbers replaced by `<address>` and `<number>`. A phone number is `0`
    /// or `+` and a digit, then 8 to 14 more digits, each maybe after one space or dot (`0912345678`,
    /// `+84 912 345 678`, `024.3825.3536`): SMTP's codes (`421 4.7.0`), ports and dates are kept.
    static func withoutAddresses(_ text: String) -> String {
        let addresses = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/
        let numbers = /(?:\+[0-9]|0)(?:[ .]?[0-9]){8,14}/
        return text.replacing(addresses, with: "<address>").replacing(numbers, with: "<number>")
    }
}
