import Foundation
import PostgresNIO
import VDXPProto
import VDXPStore

/// Changes to one account: signing in, passwords, roles, locks. Each runs on the caller's transaction, which holds
/// the account's row lock and writes the audit record.
extension AccountStore {
    /// A successful sign-in at `time` (activity, Art. 16): failures and inactivity warnings start again; the password
    /// hash is replaced by `rehashedPassword` when given.
    func recordSignIn(_ id: UUID, at time: Date, rehashedPassword: String?, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            """
            UPDATE central.accounts
            SET failed_logins = 0, login_blocked_until = NULL, last_activity_time = \(time),
                inactivity_warnings = 0, last_warning_time = NULL,
                password_hash = COALESCE(\(rehashedPassword), password_hash)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// A failed sign-in: `failures` in a row, sign-ins refused until `blockedUntil` (nil: not refused).
    func recordFailedSignIn(_ id: UUID, failures: Int, blockedUntil: Date?, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            """
            UPDATE central.accounts SET failed_logins = \(failures), login_blocked_until = \(blockedUntil)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// A new password hash, set at `time`; tokens issued before it are refused from now on.
    func setPassword(_ id: UUID, hash: String, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE central.accounts
            SET password_hash = \(hash), password_change_time = \(time), failed_logins = 0,
                login_blocked_until = NULL, update_time = \(time)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// Makes role changes of `organisationID`'s accounts wait for each other until the caller's transaction ends, so
    /// that two administrators cannot both drop the last MEMBER_ADMIN.
    func serializeRoleChanges(of organisationID: String, on connection: PostgresConnection) async throws {
        try await database.query(
            "SELECT pg_advisory_xact_lock(hashtext(\("central.accounts." + organisationID)))", on: connection,
            logger: logger)
    }

    /// Replaces the roles of account `id`.
    func setRoles(
        _ id: UUID, to roles: [Vdxp_Central_V1_AccountRole], at time: Date, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            "UPDATE central.accounts SET roles = \(roles), update_time = \(time) WHERE id = \(id)",
            on: connection, logger: logger)
    }

    /// Locks account `id` with `kind` and `reason`, by `actor` at `time`.
    func lock(
        _ id: UUID, kind: Vdxp_Central_V1_LockKind, reason: String, by actor: String, at time: Date,
        on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE central.accounts
            SET state = \(Vdxp_Central_V1_AccountState.locked), lock_kind = \(kind),
                lock_reason = \(reason), locked_by = \(actor), lock_time = \(time), update_time = \(time)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// Unlocks account `id` at `time`. The inactivity count starts again: otherwise the next sweep would lock the
    /// account at once.
    func unlock(_ id: UUID, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE central.accounts
            SET state = \(Vdxp_Central_V1_AccountState.active), lock_kind = \(Vdxp_Central_V1_LockKind.unspecified),
                lock_reason = '',
                locked_by = '', lock_time = NULL, failed_logins = 0, login_blocked_until = NULL,
                last_activity_time = \(time), inactivity_warnings = 0, last_warning_time = NULL, update_time = \(time)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// ACTIVE accounts inactive since `cutoff` or earlier, after `cursor` in (last activity, id) order, at most
    /// `limit`, locked for the caller's transaction (`SKIP LOCKED`: replicas sweeping together share the work).
    func inactivityCandidates(
        cutoff: Date, after cursor: (time: Date, id: UUID), limit: Int, on connection: PostgresConnection
    ) async throws -> [AccountRecord] {
        var accounts: [AccountRecord] = []
        for try await row in try await database.query(
            """
            SELECT \(unescaped: AccountRecord.columns) FROM central.accounts
            WHERE state = \(Vdxp_Central_V1_AccountState.active) AND last_activity_time <= \(cutoff)
              AND (last_activity_time, id) > (\(cursor.time), \(cursor.id))
            ORDER BY last_activity_time, id LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        {
            accounts.append(try AccountRecord(row: row))
        }
        return accounts
    }

    /// Records that inactivity warning `number` was sent at `time`.
    func recordInactivityWarning(_ id: UUID, number: Int, at time: Date, on connection: PostgresConnection)
        async throws
    {
        try await database.query(
            """
            UPDATE central.accounts SET inactivity_warnings = \(Int16(number)), last_warning_time = \(time)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }
}
