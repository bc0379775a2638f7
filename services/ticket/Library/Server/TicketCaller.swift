import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Who is calling the Ticket service, and what they may do, from the connection's certificate and the account token
/// (`RequestContext`). The history names the ``actor``.
struct TicketCaller: Sendable, Hashable {
    /// What the caller is.
    enum Kind: Sendable, Hashable {
        /// A person of the operator (`operator:<name>` certificate): sees and does everything.
        case `operator`
        /// A member, through an account or its system: sees its own; `canWrite` unless the account is only an
        /// auditor; `isAdministrator` for a MEMBER_ADMIN account or the member's system.
        case member(organisationID: String, canWrite: Bool, isAdministrator: Bool)
        /// A platform service (`service:<name>`).
        case service(name: String)
        /// A platform auditor (`auditor:<name>`): reaches only what every caller may read here (the maintenance
        /// windows); tickets are the operator's and the members'.
        case auditor(name: String)
    }

    /// What the caller is.
    let kind: Kind
    /// Who the history names.
    let actor: Vdxp_Ticket_V1_Actor

    /// The caller of the RPC being handled.
    static func current() throws -> TicketCaller {
        let caller = try RequestContext.caller()
        switch caller {
        case .operator(let name):
            return TicketCaller(kind: .operator, actor: .make(.operator, name, ""))
        case .service(let name):
            return TicketCaller(kind: .service(name: name), actor: .make(.service, name, ""))
        case .auditor(let name):
            return TicketCaller(kind: .auditor(name: name), actor: .make(.service, "auditor:" + name, ""))
        case .member(let organisationID):
            guard let account = RequestContext.account() else {
                return TicketCaller(
                    kind: .member(organisationID: organisationID, canWrite: true, isAdministrator: true),
                    actor: .make(.memberSystem, organisationID, organisationID))
            }
            let canWrite = account.has(.memberAdmin) || account.has(.memberUser)
            return TicketCaller(
                kind: .member(
                    organisationID: organisationID, canWrite: canWrite, isAdministrator: account.has(.memberAdmin)),
                actor: .make(.account, account.username, organisationID))
        }
    }

    /// Whether the caller is the operator.
    var isOperator: Bool { kind == .operator }

    /// Whose `request_id`s the caller's are among (``RequestKeyStore``): a member's accounts and its system share the
    /// member's, so that a retry finds the first attempt whichever of them made it.
    var requestKeyOwner: String {
        switch kind {
        case .operator: "operator:\(actor.name)"
        case .member(let organisationID, _, _): "member:\(organisationID)"
        case .service(let name): "service:\(name)"
        case .auditor(let name): "auditor:\(name)"
        }
    }

    /// The member the caller acts for, if a member.
    var organisationID: String? {
        if case .member(let organisationID, _, _) = kind { return organisationID }
        return nil
    }

    /// Whether the caller may see what belongs to `organisationID` (the operator sees all; a platform incident, with
    /// no organisation, is the operator's only).
    func sees(_ organisationID: String) -> Bool {
        switch kind {
        case .operator: true
        case .member(let own, _, _): !organisationID.isEmpty && own == organisationID
        case .service, .auditor: false
        }
    }

    /// The page-token scope of list `method` for this caller and the query's `filter` (its parameters other than
    /// the page), so that a token is accepted only for the same list, the same caller and the same query: another
    /// caller's token, or one replayed with other parameters, is refused as INVALID_ARGUMENT on `page_token`.
    func pageScope(_ method: String, filter: [String]) -> String {
        let who: String
        switch kind {
        case .operator: who = "operator"
        case .member(let organisationID, _, _): who = "member:" + organisationID
        case .service(let name): who = "service:" + name
        case .auditor(let name): who = "auditor:" + name
        }
        return (["ticket." + method, who] + filter).joined(separator: "\u{1F}")
    }

    /// Refuses an account that may only read (AUDITOR) doing `action`.
    func requireWrite(_ action: String) throws(TicketError) {
        if case .member(_, let canWrite, _) = kind, !canWrite {
            throw .readOnlyAccount(action: action)
        }
    }

    /// Refuses anyone but the operator doing `action`.
    func requireOperator(_ action: String) throws(TicketError) {
        guard isOperator else { throw .operatorOnly(action: action) }
    }
}

extension Vdxp_Ticket_V1_Actor {
    /// An actor.
    static func make(_ kind: Vdxp_Ticket_V1_ActorKind, _ name: String, _ organisationID: String) -> Self {
        .with {
            $0.kind = kind
            $0.name = name
            $0.organisationID = organisationID
        }
    }

    /// The Ticket service itself, for clock events.
    static let ticketService = make(.service, "ticket", "")
}
