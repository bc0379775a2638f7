import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The rule a ticket's support clock follows (Art. 18.2), copied onto the ticket when it is received so that a later
/// change of settings does not move an existing ticket's deadline.
struct SupportPolicy: Sendable, Hashable {
    /// How long the operator has, in counted seconds (24 h or 48 h by the regulation).
    var targetSeconds: Int64
    /// What stops the clock.
    var metBy: Vdxp_Ticket_V1_SlaMilestone
    /// Every hour counts (true) or working hours only (false).
    var clockHours: Bool
    /// Time WAITING_FOR_MEMBER is left out of the count.
    var pauseWhileWaiting: Bool
    /// How long before the deadline the warning is given, in clock seconds.
    var warningSeconds: Int64
    /// The hours of a working day a working-hours clock counts (`VDXP_TICKET_WORKDAY_START`/`_END` when the ticket
    /// was received); kept with the policy so that a later change of the setting does not move the deadline.
    var workingHours: WorkingHours = .standard

    /// The policy as the contract shows it.
    var proto: Vdxp_Ticket_V1_SlaPolicy {
        .with {
            $0.target = Google_Protobuf_Duration(seconds: targetSeconds)
            $0.metBy = metBy
            $0.clockHours = clockHours
            $0.pauseWhileWaitingForMember = pauseWhileWaiting
            $0.warningBefore = Google_Protobuf_Duration(seconds: warningSeconds)
            if !clockHours {
                $0.workdayStart = Google_Protobuf_Duration(seconds: Int64(workingHours.start))
                $0.workdayEnd = Google_Protobuf_Duration(seconds: Int64(workingHours.end))
            }
        }
    }
}
