import Foundation
import PostgresNIO
import VDXPProto

/// Locks an account the one way both `LockAccount` and the inactivity job do: the lock, its audit record and the
/// e-mail and SMS telling the person, in the caller's transaction.
struct AccountLocker: Sendable {
    let accounts: AccountStore
    let auditLog: AuditLog
    let outbox: NotificationOutbox

    /// Locks `account` with `kind` and `reason`, by `actor` at `time`, on `connection`.
    func lock(
        _ account: AccountRecord, kind: Vdxp_Central_V1_LockKind, reason: String, by actor: String, at time: Date,
        on connection: PostgresConnection
    ) async throws {
        try await accounts.lock(account.id, kind: kind, reason: reason, by: actor, at: time, on: connection)
        try await auditLog.append(
            AuditEntry(
                actor: actor, action: "lock_account", target: account.auditTarget, reason: "\(kind.word): \(reason)"),
            on: connection)
        try await outbox.enqueue(
            contentsOf: AccountNotices.locked(account, kind: kind.word, reason: reason, by: actor, at: time),
            on: connection)
    }
}

extension Vdxp_Central_V1_LockKind {
    /// `requested`, `inactivity` or `administrative`: how messages and the audit log name the kind.
    var word: String {
        switch self {
        case .requested: "requested"
        case .inactivity: "inactivity"
        case .administrative: "administrative"
        default: "locked"
        }
    }
}
