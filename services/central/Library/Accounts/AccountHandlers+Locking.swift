import Foundation
import GRPCCore
import Logging
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Locking and unlocking (Art. 16: lost or stolen credentials are locked at once).
extension AccountHandlers {
    func lockAccount(
        request: Vdxp_Central_V1_LockAccountRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let id = try Self.accountID(request.accountID)
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let kind: Vdxp_Central_V1_LockKind = request.kind == .unspecified ? .requested : request.kind
        guard kind == .requested || kind == .administrative else {
            throw CentralError.invalidField(
                field: "kind",
                message:
                    "kind must be LOCK_KIND_REQUESTED or LOCK_KIND_ADMINISTRATIVE; INACTIVITY locks are Central's own")
        }
        let actor = try await AccountActor.current(store)
        let target = try await store.existing(id)
        try actor.requireAdministrator(
            of: target.organisationID, toward: target, allowSelf: true, allowTicketService: true, doing: "lock")
        let (store, locker, now) = (self.store, stores.accountLocker, clock.now())
        let locked = try await stores.database.transaction(logger: logger) { connection in
            let current = try await store.existing(id, on: connection, forUpdate: true)
            guard current.state == .active else { return false }
            try await locker.lock(current, kind: kind, reason: reason, by: actor.description, at: now, on: connection)
            return true
        }
        if locked {
            logger.notice("account locked", metadata: ["account": "\(target.username)", "by": "\(actor)"])
        }
        return try await store.existing(id).proto
    }

    func unlockAccount(
        request: Vdxp_Central_V1_UnlockAccountRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_Account {
        let id = try Self.accountID(request.accountID)
        let reason = try Validate.text(request.reason, field: "reason", maximum: 1000)
        let actor = try await AccountActor.current(store)
        let target = try await store.existing(id)
        try actor.requireAdministrator(of: target.organisationID, doing: "unlock")
        let (store, auditLog, now) = (self.store, stores.auditLog, clock.now())
        try await stores.database.transaction(logger: logger) { connection in
            let current = try await store.existing(id, on: connection, forUpdate: true)
            guard current.state == .locked else { return }
            try await store.unlock(id, at: now, on: connection)
            try await auditLog.append(
                AuditEntry(
                    actor: actor.description, action: "unlock_account", target: current.auditTarget, reason: reason),
                on: connection)
        }
        return try await store.existing(id).proto
    }
}
