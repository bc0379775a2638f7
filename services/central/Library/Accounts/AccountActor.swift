import Foundation
import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who is acting on accounts, as Central decides it on each call: the person named by the bearer token — re-read
/// from the database, so that a lock, a role change or a password change takes effect at once — or, without a
/// token, the operator's certificate.
enum AccountActor: Sendable, CustomStringConvertible {
    /// An `operator:` certificate without a token: every right over every member's accounts.
    case `operator`(name: String)
    /// A signed-in person, as stored now.
    case account(AccountRecord)
    /// The Ticket service (`service:ticket` certificate, no token): reads an account and locks it when its
    /// credentials are reported lost or stolen (Art. 16.5); nothing else.
    case ticketService

    /// The actor of the current call.
    ///
    /// - Throws: UNAUTHENTICATED when the token's account no longer exists, is locked, or changed its password after
    ///   the token was issued; PERMISSION_DENIED when a call without a token does not come from the operator.
    static func current(_ store: AccountStore) async throws -> AccountActor {
        if let claims = RequestContext.account() {
            guard let id = UUID(uuidString: claims.accountID), let account = try await store.account(id: id) else {
                throw CentralError.tokenAccountGone
            }
            guard account.state == .active else {
                throw CentralError.tokenAccountLocked(
                    username: account.username, reason: account.lockReason, organisationID: account.organisationID)
            }
            guard claims.issueTime >= account.passwordChangeTime.addingTimeInterval(-0.001) else {
                throw CentralError.tokenPredatesPasswordChange(username: account.username)
            }
            return .account(account)
        }
        switch try RequestContext.caller() {
        case .operator(let name): return .operator(name: name)
        case .service("ticket"): return .ticketService
        case .member, .service, .auditor: throw CentralError.signInRequired
        }
    }

    /// How the audit log names the actor: `operator <name>` or `account <username> of <organisation id>`.
    var description: String {
        switch self {
        case .operator(let name): "operator \(name)"
        case .account(let account): "account \(account.username) of \(account.organisationID)"
        case .ticketService: "service ticket"
        }
    }

    /// Whether the actor is the operator, or an account of `organisationID` holding one of `roles`.
    func manages(_ organisationID: String, roles: Set<Vdxp_Central_V1_AccountRole> = [.memberAdmin]) -> Bool {
        switch self {
        case .operator: true
        case .account(let account):
            account.organisationID == organisationID && account.roles.contains(where: roles.contains)
        case .ticketService: false
        }
    }

    /// Whether the actor may learn that `account` exists: the operator and the Ticket service of any account, an
    /// account of those of its own organisation.
    func mayKnowOf(_ account: AccountRecord) -> Bool {
        switch self {
        case .operator, .ticketService: true
        case .account(let own): own.organisationID == account.organisationID
        }
    }

    /// Whether the actor is `account` itself.
    func isSelf(_ account: AccountRecord) -> Bool {
        if case .account(let own) = self { return own.id == account.id }
        return false
    }

    /// PERMISSION_DENIED unless the actor is the operator or a MEMBER_ADMIN of `organisationID` (`allowSelf`: or the
    /// account `target` itself; `allowTicketService`: or the Ticket service).
    func requireAdministrator(
        of organisationID: String, toward target: AccountRecord? = nil, allowSelf: Bool = false,
        allowTicketService: Bool = false, doing what: String
    ) throws {
        if manages(organisationID) { return }
        if allowTicketService, case .ticketService = self { return }
        if allowSelf, let target, isSelf(target) { return }
        throw CentralError.notAccountAdministrator(
            action: what, organisationID: organisationID, allowSelf: allowSelf, actor: description)
    }

    /// PERMISSION_DENIED unless the actor may read `target`: the operator, the account itself, or a MEMBER_ADMIN or
    /// AUDITOR of its organisation.
    func requireReader(of target: AccountRecord) throws {
        if case .ticketService = self { return }
        if isSelf(target) || manages(target.organisationID, roles: [.memberAdmin, .auditor]) { return }
        throw CentralError.notAccountReader(organisationID: target.organisationID, actor: description)
    }
}
