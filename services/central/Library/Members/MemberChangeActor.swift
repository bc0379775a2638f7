import Foundation
import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who is making a change a member may make about itself — suspending or resuming its connection (Art. 9.5),
/// announcing a gateway change (Art. 17.2), its contact (Art. 9.2), a service filing (Art. 10.1) — as Central decides
/// it on each call.
///
/// Agency administrators manage their own connections (Art. 16): with a bearer token the person signed in acts, re-read
/// from the database as ``AccountActor`` does, and must be a MEMBER_ADMIN of the member changed — a MEMBER_USER or an
/// AUDITOR account is refused, whichever certificate carries its token. Without a token the member's system (its
/// connection certificate) acts for itself and the operator's certificate for anyone. The audit log names the actor.
enum MemberChangeActor: Sendable, CustomStringConvertible {
    /// An `operator:` certificate without a token: may change any member, on its behalf.
    case `operator`(name: String)
    /// A member's system, by its connection certificate and no token: changes only itself.
    case memberSystem(organisationID: String)
    /// A signed-in MEMBER_ADMIN, as stored now: changes only its own member.
    case account(AccountRecord)

    /// The actor of the current call.
    ///
    /// - Throws: UNAUTHENTICATED when the token's account is gone, locked, or changed its password after the token was
    ///   issued; PERMISSION_DENIED when the token's account is not a MEMBER_ADMIN, or the certificate is neither the
    ///   operator's nor a member's.
    static func current(_ accounts: AccountStore) async throws -> MemberChangeActor {
        if RequestContext.account() != nil {
            guard case .account(let account) = try await AccountActor.current(accounts) else {
                throw CentralError.signInRequired
            }
            guard account.roles.contains(.memberAdmin) else {
                throw CentralError.notMemberAdministrator(actor: AccountActor.account(account).description)
            }
            return .account(account)
        }
        switch try RequestContext.caller() {
        case .operator(let name): return .operator(name: name)
        case .member(let organisationID): return .memberSystem(organisationID: organisationID)
        case let other:
            throw CentralError.notMemberAdministrator(actor: other.description)
        }
    }

    /// The member the actor belongs to; `nil` for the operator.
    var organisationID: String? {
        switch self {
        case .operator: nil
        case .memberSystem(let organisationID): organisationID
        case .account(let account): account.organisationID
        }
    }

    /// Whether the operator acts (on a member's behalf).
    var isOperator: Bool { organisationID == nil }

    /// How the audit log names the actor: `operator <name>`, `member <organisation id>`, or
    /// `account <username> of <organisation id>` (as ``AccountActor`` names it).
    var description: String {
        switch self {
        case .operator(let name): CallerIdentity.operator(name: name).description
        case .memberSystem(let organisationID): CallerIdentity.member(organisationID: organisationID).description
        case .account(let account): AccountActor.account(account).description
        }
    }

    /// PERMISSION_DENIED unless the actor may change `organisationID`: the operator any member, the others their own.
    func requireChanging(_ organisationID: String) throws {
        if let own = self.organisationID, own != organisationID {
            throw CentralError.notOwnConnection(callerOrganisationID: own)
        }
    }
}
