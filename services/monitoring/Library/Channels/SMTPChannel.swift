import Foundation
import Logging
import VDXPRuntime

/// The e-mail channel (Art. 19.2): each message goes to the configured SMTP relay over its own connection
/// (``SMTPClient``), as an RFC 5322 message whose `Message-ID` is derived from the notification id, so a retry after
/// an uncertain outcome is the same message.
///
/// Outcomes: accepted with the relay's final reply (`250 2.0.0 Ok: queued as …`); transient for a relay that cannot
/// be reached, times out, answers 4xx, or refuses the platform itself (credentials, sender, missing STARTTLS);
/// permanent for an invalid address and for a 5xx refusal of the recipient or the message.
struct SMTPChannel: NotificationChannel {
    private let settings: SMTPSettings
    private let client: SMTPClient
    private let clock: WallClock

    /// A channel delivering through the relay of `settings`; `clock` dates the messages.
    init(settings: SMTPSettings, clock: WallClock = .system, logger: Logger) {
        self.settings = settings
        self.client = SMTPClient(settings: settings, logger: logger)
        self.clock = clock
    }

    var longestDelivery: Duration { settings.longestSession }

    func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
        let recipient: SMTPMailbox
        do {
            recipient = try SMTPMailbox(message.address)
        } catch {
            return .permanentFailure(detail: "cannot send e-mail: \(error)")
        }
        guard recipient.displayName == nil else {
            return .permanentFailure(detail: "cannot send e-mail to \"\(message.address)\": give a bare address")
        }
        let text = SMTPMessageEncoder.message(message, from: settings.from, to: recipient, date: clock.now())
        return await client.send(from: settings.from.address, to: recipient.address, message: text)
    }
}
