import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Signing in and passwords: scrypt hashes, throttled failures (`LoginThrottle`), short-lived signed tokens.
extension AccountHandlers {
    func login(
        request: Vdxp_Central_V1_LoginRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_LoginResponse {
        let username = request.username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let password = request.password
        // A member's system signs in its own organisation's accounts only: another's is answered as an unknown
        // username, and its failures count against nothing (no member can lock another's accounts by guessing).
        let caller = try RequestContext.caller()
        guard !username.isEmpty, username.codePointCount <= 64, !password.isEmpty,
            password.codePointCount <= AccountRules.maximumPasswordLength,
            let account = try await store.account(username: username),
            caller.organisationID.map({ $0 == account.organisationID }) ?? true
        else {
            try await hasher.spendVerificationTime(String(password.prefix(AccountRules.maximumPasswordLength)))
            throw CentralError.wrongCredentials
        }
        let now = clock.now()
        try Self.refuseIfThrottled(account, now: now)
        guard try await hasher.verify(password, against: account.passwordHash) else {
            try await recordFailedSignIn(account, now: now)
            throw CentralError.wrongCredentials
        }
        let rehashed = hasher.needsRehash(account.passwordHash) ? try await hasher.hash(password) : nil
        let store = self.store
        let signedIn = try await stores.database.transaction(logger: logger) { connection in
            let current = try await store.existing(account.id, on: connection, forUpdate: true)
            guard current.state == .active else { throw Self.lockedError(current) }
            try Self.refuseIfThrottled(current, now: now)
            // A sign-in is activity (Art. 16): the inactivity count starts again.
            try await store.recordSignIn(account.id, at: now, rehashedPassword: rehashed, on: connection)
            return try await store.existing(account.id, on: connection)
        }
        let (token, claims) = try issuer.issue(
            accountID: signedIn.accountID, username: signedIn.username, organisationID: signedIn.organisationID,
            roles: signedIn.roles, now: now)
        logger.info("signed in", metadata: ["account": "\(signedIn.username)", "token": "\(claims.tokenID)"])
        return .with {
            $0.token = token
            $0.expireTime = claims.expireTime
            $0.account = signedIn.proto
        }
    }

    func changePassword(
        request: Vdxp_Central_V1_ChangePasswordRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let id = try Self.accountID(request.accountID)
        let actor = try await AccountActor.current(store)
        let target = try await store.existing(id)
        let now = clock.now()
        let action: String
        if actor.isSelf(target) {
            guard !request.currentPassword.isEmpty else {
                throw CentralError.invalidField(
                    field: "current_password",
                    message: "current_password is required to change your own password (an administrator may reset it)")
            }
            try AccountRules.password(request.newPassword, username: target.username, field: "new_password")
            try Self.refuseIfThrottled(target, now: now)
            guard try await hasher.verify(request.currentPassword, against: target.passwordHash) else {
                try await recordFailedSignIn(target, now: now)
                throw CentralError.wrongCurrentPassword
            }
            action = "change_password"
        } else {
            try actor.requireAdministrator(of: target.organisationID, doing: "reset the password of")
            try AccountRules.password(request.newPassword, username: target.username, field: "new_password")
            action = "reset_password"
        }
        let hash = try await hasher.hash(request.newPassword)
        let store = self.store
        try await stores.transactions.audited(
            AuditEntry(actor: actor.description, action: action, target: target.auditTarget)
        ) { connection in
            try await store.setPassword(id, hash: hash, at: now, on: connection)
        }
        return try await store.existing(id).proto
    }

    /// Counts a failed sign-in and, from the 5th in a row, refuses sign-ins for a while (`LoginThrottle`).
    func recordFailedSignIn(_ account: AccountRecord, now: Date) async throws {
        let (store, throttle) = (self.store, self.throttle)
        let failures = try await stores.database.transaction(logger: logger) { connection in
            let current = try await store.existing(account.id, on: connection, forUpdate: true)
            let failures = current.failedLogins + 1
            let blockedUntil = throttle.blockedUntil(afterConsecutiveFailures: failures, at: now)
            try await store.recordFailedSignIn(
                account.id, failures: failures, blockedUntil: blockedUntil, on: connection)
            return failures
        }
        logger.notice("failed sign-in", metadata: ["account": "\(account.username)", "failures": "\(failures)"])
    }

    /// RESOURCE_EXHAUSTED while sign-ins are refused after failures, naming when to retry.
    static func refuseIfThrottled(_ account: AccountRecord, now: Date) throws(CentralError) {
        guard let until = account.loginBlockedUntil, now < until else { return }
        throw .signInsThrottled(username: account.username, until: until, organisationID: account.organisationID)
    }

    /// FAILED_PRECONDITION for a locked account: why, since when, and whom to ask.
    static func lockedError(_ account: AccountRecord) -> CentralError {
        .accountLocked(
            username: account.username, since: account.lockTime, kind: account.lockKind.word,
            reason: account.lockReason, organisationID: account.organisationID)
    }
}
