import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Who may call each Ticket RPC, keyed by the generated method descriptors. Handlers narrow it further
/// (``TicketCaller``): a member sees only its own tickets and notices, an AUDITOR account only reads, and the
/// operator alone acknowledges, assigns, resolves, announces and sends notices. A method missing here is refused to
/// everyone, so a new RPC is never open by accident.
enum TicketAccessRules {
    private typealias Method = Vdxp_Ticket_V1_TicketService.Method

    /// A member (its system or its people through account tokens) or the operator.
    static let memberOrOperator = AccessRule.operatorOrMember

    /// A member, the operator, or one of `services`.
    static func memberOperatorOr(_ services: Set<String>) -> AccessRule {
        AccessRule(who: "a member, the operator, or the platform services \(services.sorted().joined(separator: ", "))")
        {
            switch $0 {
            case .member, .operator: true
            case .service(let name): services.contains(name)
            case .auditor: false
            }
        }
    }

    /// One rule per method of `vdxp.ticket.v1.TicketService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        // Monitoring opens tickets for incidents.
        Method.OpenTicket.descriptor: memberOperatorOr(["monitoring"]),
        Method.GetTicket.descriptor: memberOrOperator,
        Method.ListTickets.descriptor: memberOrOperator,
        Method.ListTicketEvents.descriptor: memberOrOperator,
        Method.CommentOnTicket.descriptor: memberOrOperator,
        Method.ChangeTicketState.descriptor: memberOrOperator,
        Method.AssignTicket.descriptor: .operatorOnly,
        Method.SetTicketPriority.descriptor: .operatorOnly,
        Method.AddAttachment.descriptor: memberOrOperator,
        Method.GetAttachment.descriptor: memberOrOperator,
        // Report reads the figures for its periodic reports.
        Method.GetSlaFigures.descriptor: memberOperatorOr(["report"]),
        Method.AnnounceMaintenance.descriptor: .operatorOnly,
        Method.CancelMaintenance.descriptor: .operatorOnly,
        // Every member, the operator and the platform's services (the directory, the alert API).
        Method.ListMaintenanceWindows.descriptor: .anyAuthenticated,
        Method.SendNotice.descriptor: .operatorOnly,
        Method.ListNotices.descriptor: memberOrOperator,
        Method.AcknowledgeNotice.descriptor: .memberOnly,
        // A member's MEMBER_ADMIN or the account itself, or the operator (narrowed by the handler).
        Method.ReportLostCredential.descriptor: memberOrOperator,
    ]
}
