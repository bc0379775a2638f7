import Logging
import VDXPRuntime

/// Builds the channels the notification dispatcher delivers through (Art. 19.2). The in-platform inbox needs none.
enum NotificationChannels {
    /// The e-mail channel when a relay is configured, and the SMS channel when a gateway is; nil for a channel that is
    /// off. `clock` dates the e-mails.
    static func channels(
        from settings: ChannelSettings, clock: WallClock = .system, logger: Logger
    ) -> (email: (any NotificationChannel)?, sms: (any NotificationChannel)?) {
        let email: (any NotificationChannel)? = settings.smtp.map {
            SMTPChannel(settings: $0, clock: clock, logger: logger)
        }
        let sms: (any NotificationChannel)? = settings.sms.map { SMSGatewayChannel(settings: $0, logger: logger) }
        return (email, sms)
    }
}
