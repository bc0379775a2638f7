import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// A member's connection as `monitoring.member_connections` keeps it.
struct MemberConnectionRow: Sendable, Equatable {
    /// The member.
    var organisationID: String
    /// The state now; UNSPECIFIED only for a row not yet evaluated.
    var state: Vdxp_Monitoring_V1_ConnectionState
    /// Since when it has been in `state`.
    var stateSince: Date
    /// Since when the member has been expected online (TRIAL or OFFICIAL in Central); nil while it is not.
    var expectedSince: Date?
    /// The last authenticated activity of any kind.
    var lastActivityTime: Date?
    /// The last heartbeat.
    var lastHeartbeatTime: Date?
    /// What the member's system said about itself in its last heartbeat.
    var system: String

    /// A row for a member seen for the first time, not yet evaluated.
    static func new(_ organisationID: String, at now: Date) -> MemberConnectionRow {
        MemberConnectionRow(
            organisationID: organisationID, state: .unspecified, stateSince: now, expectedSince: nil,
            lastActivityTime: nil, lastHeartbeatTime: nil, system: "")
    }

    /// The proto form, with the thresholds in force and, while states are held, since when.
    func proto(rule: ConnectionRule, heldSince: Date? = nil) -> Vdxp_Monitoring_V1_MemberConnection {
        .with {
            $0.organisationID = organisationID
            $0.state = state
            $0.stateSince = .init(date: stateSince)
            if let lastActivityTime { $0.lastActivityTime = .init(date: lastActivityTime) }
            if let lastHeartbeatTime { $0.lastHeartbeatTime = .init(date: lastHeartbeatTime) }
            $0.system = system
            $0.degradedAfter = .init(rounding: rule.degradedAfter)
            $0.disconnectedAfter = .init(rounding: rule.disconnectedAfter)
            if let heldSince { $0.heldSince = .init(date: heldSince) }
        }
    }
}
