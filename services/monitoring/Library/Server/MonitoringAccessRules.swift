import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Who may call each Monitoring RPC, keyed by the generated method descriptors. Handlers narrow member access to the
/// caller's own connection and alerts. A method missing here is refused to everyone.
enum MonitoringAccessRules {
    private typealias Method = Vdxp_Monitoring_V1_MonitoringService.Method

    /// The operator, a member (narrowed to itself by the handler) or the Report service (connection history and
    /// statistics feed its uptime reports).
    static let operatorMemberOrReport = AccessRule(who: "the operator, a member system or the Report service") {
        switch $0 {
        case .operator, .member: true
        case .service(let name): name == "report"
        case .auditor: false
        }
    }

    /// The operator or the Report service.
    static let operatorOrReport = AccessRule(who: "the operator or the Report service") {
        switch $0 {
        case .operator: true
        case .member, .auditor: false
        case .service(let name): name == "report"
        }
    }

    /// Ticket alone: it hands its alerts over with `SubmitAlert` (support answers, escalations, maintenance and
    /// notices). No other service sends e-mail and SMS through Monitoring, so no other may: a compromised Search or
    /// Report cannot text every member in the operator's name.
    static let ticketOnly = AccessRule(who: "the Ticket service") {
        if case .service("ticket") = $0 { true } else { false }
    }

    /// Exchange alone: it reports the members whose systems called it.
    static let exchangeOnly = AccessRule(who: "the Exchange service") {
        if case .service("exchange") = $0 { true } else { false }
    }

    /// One rule per method of `vdxp.monitoring.v1.MonitoringService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.Heartbeat.descriptor: .memberOnly,
        Method.GetMemberConnection.descriptor: operatorMemberOrReport,
        Method.ListMemberConnections.descriptor: operatorOrReport,
        Method.ListConnectionChanges.descriptor: operatorMemberOrReport,
        Method.ListComponents.descriptor: .operatorOnly,
        Method.ListIncidents.descriptor: .operatorOnly,
        Method.ListAlerts.descriptor: .operatorOrMember,
        Method.WatchAlerts.descriptor: .operatorOrMember,
        Method.AcknowledgeAlert.descriptor: .operatorOnly,
        Method.GetOperationalStatistics.descriptor: operatorMemberOrReport,
        Method.SubmitAlert.descriptor: ticketOnly,
        Method.RecordMemberActivity.descriptor: exchangeOnly,
    ]
}
