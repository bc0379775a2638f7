import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.central.v1.AccountService` handlers (Art. 16). `IdentityInterceptor` verifies the bearer token and
/// applies `AccountAccessRules`; each handler then decides with `AccountActor` what the operator or the signed-in
/// person may do to which account. Rights and errors are written out in `account_service.proto`.
struct AccountHandlers: Vdxp_Central_V1_AccountService.SimpleServiceProtocol {
    let stores: CentralStores
    let issuer: AccountTokenIssuer
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let clock: WallClock
    let logger: Logger

    var store: AccountStore { stores.accounts }

    // MARK: Creating and reading

    func createAccount(
        request: Vdxp_Central_V1_CreateAccountRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let draft = request.account
        let username = try AccountRules.username(draft.username, field: "account.username")
        let displayName = try Validate.text(draft.displayName, field: "account.display_name", maximum: 255)
        let email = try AccountRules.email(draft.email, field: "account.email")
        let phone = try AccountRules.phone(draft.phone, field: "account.phone")
        let organisationID = try Validate.organisationID(draft.organisationID, field: "account.organisation_id")
            .rawValue
        let roles = try Self.validRoles(draft.roles, field: "account.roles")
        try AccountRules.password(request.password, username: username, field: "password")

        let actor = try await AccountActor.current(store)
        try actor.requireAdministrator(of: organisationID, doing: "create")
        guard try await stores.members.exists(organisationID) else {
            throw CentralError.accountMemberNotFound(organisationID: organisationID)
        }
        let account = NewAccount(
            id: UUID(), username: username, displayName: displayName, email: email, phone: phone,
            organisationID: organisationID, roles: roles, passwordHash: try await hasher.hash(request.password),
            createdBy: actor.description, time: clock.now())
        let entry = AuditEntry(
            actor: actor.description, action: "create_account", target: "accounts/\(username)",
            reason: "roles \(Self.describe(roles)) in \(organisationID)")
        let members = stores.members
        try await stores.transactions.audited(entry) { connection in
            // A closed id is final: its people get accounts under its successor.
            try await members.requireOpen(organisationID, on: connection)
            try await store.insert(account, on: connection)
        }
        logger.notice("account created", metadata: ["account": "\(username)", "member": "\(organisationID)"])
        return try await store.existing(account.id).proto
    }

    func getAccount(
        request: Vdxp_Central_V1_GetAccountRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let actor = try await AccountActor.current(store)
        let account: AccountRecord?
        switch (request.accountID.isEmpty, request.username.isEmpty) {
        case (false, true): account = try await store.account(id: try Self.accountID(request.accountID))
        case (true, false): account = try await store.account(username: request.username.lowercased())
        default:
            throw CentralError.invalidField(field: "account_id", message: "give exactly one of account_id and username")
        }
        // Another organisation's account is answered as none at all: a username names a person, and telling "exists
        // elsewhere" from "no such account" would let anyone signed in find out who has an account where.
        guard let account, actor.mayKnowOf(account) else {
            throw CentralError.accountNotFound(name: (request.accountID + request.username).quotedForMessage)
        }
        try actor.requireReader(of: account)
        return account.proto
    }

    func listAccounts(
        request: Vdxp_Central_V1_ListAccountsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListAccountsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let actor = try await AccountActor.current(store)
        var organisationID = request.organisationID
        if case .account(let own) = actor {
            if organisationID.isEmpty { organisationID = own.organisationID }
            guard actor.manages(organisationID, roles: [.memberAdmin, .auditor]) else {
                throw CentralError.notAccountLister(organisationID: organisationID, actor: actor.description)
            }
        }
        let scope = "central.accounts/\(organisationID)/\(request.state.rawValue)"
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: scope) ?? ""
        let accounts = try await store.list(
            organisationID: organisationID, state: request.state, after: after, limit: pageSize + 1)
        var response = Vdxp_Central_V1_ListAccountsResponse()
        response.accounts = accounts.prefix(pageSize).map(\.proto)
        if accounts.count > pageSize, let last = response.accounts.last {
            response.nextPageToken = try PageToken(last.username).encoded(scope: scope)
        }
        return response
    }

    // MARK: Roles

    func setAccountRoles(
        request: Vdxp_Central_V1_SetAccountRolesRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let id = try Self.accountID(request.accountID)
        let roles = try Self.validRoles(request.roles, field: "roles")
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.codePointCount <= 1000 else {
            throw CentralError.invalidField(
                field: "reason", message: "reason has \(reason.codePointCount) characters; at most 1000 are allowed")
        }
        let actor = try await AccountActor.current(store)
        let target = try await store.existing(id)
        try actor.requireAdministrator(of: target.organisationID, doing: "change the roles of")
        let now = clock.now()
        let entry = AuditEntry(
            actor: actor.description, action: "set_account_roles", target: target.auditTarget,
            reason: "roles \(Self.describe(roles))" + (reason.isEmpty ? "" : ": \(reason)"))
        let store = self.store
        try await stores.transactions.audited(entry) { connection in
            try await store.serializeRoleChanges(of: target.organisationID, on: connection)
            let current = try await store.existing(id, on: connection, forUpdate: true)
            if case .account = actor, current.has(.memberAdmin), current.state == .active, !roles.contains(.memberAdmin)
            {
                let admins = try await store.otherActiveAdministrators(
                    of: current.organisationID, besides: id, on: connection)
                guard admins > 0 else {
                    throw CentralError.lastMemberAdministrator(
                        username: current.username, organisationID: current.organisationID)
                }
            }
            try await store.setRoles(id, to: roles, at: now, on: connection)
        }
        return try await store.existing(id).proto
    }

    // MARK: Helpers

    /// The roles of a request: at least one, known, each once.
    static func validRoles(_ roles: [Vdxp_Central_V1_AccountRole], field: String) throws(CentralError)
        -> [Vdxp_Central_V1_AccountRole]
    {
        let allowed: [Vdxp_Central_V1_AccountRole] = [.memberAdmin, .memberUser, .auditor]
        guard !roles.isEmpty else {
            throw .invalidField(
                field: field, message: "\(field) needs at least one of MEMBER_ADMIN, MEMBER_USER, AUDITOR")
        }
        guard roles.allSatisfy(allowed.contains) else {
            throw .invalidField(field: field, message: "\(field) may hold only MEMBER_ADMIN, MEMBER_USER and AUDITOR")
        }
        guard Set(roles).count == roles.count else {
            throw .invalidField(field: field, message: "\(field) names a role twice")
        }
        return allowed.filter(roles.contains)
    }

    /// An account id from a request, or INVALID_ARGUMENT.
    static func accountID(_ text: String, field: String = "account_id") throws(CentralError) -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw .invalidField(
                field: field, message: "\(field) must be an account id (a UUID); got \(text.quotedForMessage)")
        }
        return id
    }

    /// `MEMBER_ADMIN, AUDITOR`.
    static func describe(_ roles: [Vdxp_Central_V1_AccountRole]) -> String {
        roles.map { role in
            switch role {
            case .memberAdmin: "MEMBER_ADMIN"
            case .memberUser: "MEMBER_USER"
            case .auditor: "AUDITOR"
            default: "\(role)"
            }
        }.joined(separator: ", ")
    }
}
