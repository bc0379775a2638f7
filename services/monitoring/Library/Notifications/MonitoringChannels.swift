import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The channels the outbox delivers through (Art. 19.2): e-mail over SMTP and SMS through an HTTP gateway. A channel
/// that is not configured leaves its notifications PENDING — they are delivered once it is, never dropped. The
/// in-platform inbox needs no channel: it is the alerts themselves.
public struct MonitoringChannels: Sendable {
    /// E-mail, if configured.
    var email: (any NotificationChannel)?
    /// SMS, if configured.
    var sms: (any NotificationChannel)?

    /// No channel: every e-mail and SMS stays PENDING.
    public static let none = MonitoringChannels(email: nil, sms: nil)

    /// Creates channels.
    init(email: (any NotificationChannel)?, sms: (any NotificationChannel)?) {
        self.email = email
        self.sms = sms
    }

    /// The channels `settings` configure (`VDXP_MONITORING_SMTP_*`, `VDXP_MONITORING_SMS_GATEWAY_*`, see
    /// ``ChannelSettings``); `clock` dates the e-mails.
    static func configured(by settings: Settings, clock: WallClock, logger: Logger) throws -> MonitoringChannels {
        let built = NotificationChannels.channels(from: try ChannelSettings(settings), clock: clock, logger: logger)
        let channels = MonitoringChannels(email: built.email, sms: built.sms)
        if channels.email == nil {
            logger.warning("no SMTP relay is configured: e-mail notifications stay PENDING until one is")
        }
        if channels.sms == nil {
            logger.warning("no SMS gateway is configured: SMS notifications stay PENDING until one is")
        }
        return channels
    }

    /// The channel for `channel`, if configured.
    func channel(_ channel: Vdxp_Monitoring_V1_Channel) -> (any NotificationChannel)? {
        switch channel {
        case .email: email
        case .sms: sms
        default: nil
        }
    }

    /// Refuses an outbox lease (`VDXP_MONITORING_OUTBOX_LEASE_SECONDS`) no longer than one delivery may take at the
    /// configured channels' timeouts: another replica would claim a notification while it is being sent, and send it
    /// again.
    func checkLease(_ lease: Duration) throws(SettingsError) {
        let longest = [email, sms].compactMap { $0?.longestDelivery }.max() ?? .zero
        guard lease > longest else {
            throw SettingsError(
                "VDXP_MONITORING_OUTBOX_LEASE_SECONDS=\(lease.components.seconds) is not longer than one delivery may "
                    + "take at the channels' timeouts (\(longest.components.seconds) s: an SMTP session is up to 13 "
                    + "replies at VDXP_MONITORING_SMTP_TIMEOUT_SECONDS and the message's answer at five of them, at "
                    + "most 300 s; an SMS twice VDXP_MONITORING_SMS_GATEWAY_TIMEOUT_SECONDS): raise the lease or lower "
                    + "the timeouts")
        }
    }

    /// The channels that are configured.
    var configured: [Vdxp_Monitoring_V1_Channel] {
        (email == nil ? [] : [.email]) + (sms == nil ? [] : [.sms])
    }
}
