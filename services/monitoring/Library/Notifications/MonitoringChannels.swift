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

    /// The channels `settings` configure.
    static func configured(by settings: Settings, logger: Logger) throws -> MonitoringChannels {
        // C2 plugs SMTPChannel/SMSGatewayChannel here (VDXP_SMTP_*, VDXP_SMS_GATEWAY_*).
        let channels = MonitoringChannels.none
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

    /// The channels that are configured.
    var configured: [Vdxp_Monitoring_V1_Channel] {
        (email == nil ? [] : [.email]) + (sms == nil ? [] : [.sms])
    }
}
