import Foundation
import PostgresNIO
import VDXPProto

extension AccountStore {
    /// Locks `account` on `connection` (inside the caller's transaction), audits it and tells the person by e-mail
    /// and SMS. Shared by `LockAccount` and the inactivity job.
    func lock(
        _ account: AccountRecord, kind: Vdxp_Central_V1_LockKind, reason: String, by actor: String, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            UPDATE central.accounts
            SET state = \(Int16(Vdxp_Central_V1_AccountState.locked.rawValue)), lock_kind = \(Int16(kind.rawValue)),
                lock_reason = \(reason), locked_by = \(actor), lock_time = \(now), update_time = \(now)
            WHERE id = \(account.id)
            """, logger: logger)
        try await Self.audit(
            actor: actor, action: "lock_account", target: account.auditTarget, reason: "\(kind.word): \(reason)",
            on: connection, logger: logger)
        try await outbox.enqueue(
            contentsOf: AccountNotices.locked(account, kind: kind.word, reason: reason, by: actor, at: now),
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
