import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// One row of `central.accounts`, as Central's handlers and jobs read it. The password hash stays here: it is never
/// put into an `Account` message.
struct AccountRecord: Sendable {
    var id: UUID
    var username: String
    var displayName: String
    var email: String
    var phone: String
    var organisationID: String
    var roles: [Vdxp_Central_V1_AccountRole]
    var state: Vdxp_Central_V1_AccountState
    var lockKind: Vdxp_Central_V1_LockKind
    var lockReason: String
    var lockedBy: String
    var lockTime: Date?
    var passwordHash: String
    var passwordChangeTime: Date
    var failedLogins: Int
    var loginBlockedUntil: Date?
    var lastActivityTime: Date
    var inactivityWarnings: Int
    var lastWarningTime: Date?
    var createTime: Date
    var updateTime: Date

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        id, username, display_name, email, phone, organisation_id, roles, state, lock_kind, lock_reason, locked_by,
        lock_time, password_hash, password_change_time, failed_logins, login_blocked_until, last_activity_time,
        inactivity_warnings, last_warning_time, create_time, update_time
        """

    /// Reads a row selected with ``columns``.
    init(row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        id = try row["id"].decode(UUID.self)
        username = try row["username"].decode(String.self)
        displayName = try row["display_name"].decode(String.self)
        email = try row["email"].decode(String.self)
        phone = try row["phone"].decode(String.self)
        organisationID = try row["organisation_id"].decode(String.self)
        roles = try row["roles"].decode([Vdxp_Central_V1_AccountRole].self)
        state = try row["state"].decode(Vdxp_Central_V1_AccountState.self)
        lockKind = try row["lock_kind"].decode(Vdxp_Central_V1_LockKind.self)
        lockReason = try row["lock_reason"].decode(String.self)
        lockedBy = try row["locked_by"].decode(String.self)
        lockTime = try row["lock_time"].decode(Date?.self)
        passwordHash = try row["password_hash"].decode(String.self)
        passwordChangeTime = try row["password_change_time"].decode(Date.self)
        failedLogins = try row["failed_logins"].decode(Int.self)
        loginBlockedUntil = try row["login_blocked_until"].decode(Date?.self)
        lastActivityTime = try row["last_activity_time"].decode(Date.self)
        inactivityWarnings = Int(try row["inactivity_warnings"].decode(Int16.self))
        lastWarningTime = try row["last_warning_time"].decode(Date?.self)
        createTime = try row["create_time"].decode(Date.self)
        updateTime = try row["update_time"].decode(Date.self)
    }

    /// The lowercase account id, as in `Account.account_id`.
    var accountID: String { id.uuidString.lowercased() }

    /// The audit log's target for this account.
    var auditTarget: String { "accounts/\(username)" }

    /// Whether the account holds `role`.
    func has(_ role: Vdxp_Central_V1_AccountRole) -> Bool { roles.contains(role) }

    /// The account as the API returns it (never the password hash).
    var proto: Vdxp_Central_V1_Account {
        .with {
            $0.accountID = accountID
            $0.username = username
            $0.displayName = displayName
            $0.email = email
            $0.phone = phone
            $0.organisationID = organisationID
            $0.roles = roles
            $0.state = state
            if state == .locked {
                $0.lock = .with {
                    $0.kind = lockKind
                    $0.reason = lockReason
                    $0.lockedBy = lockedBy
                    if let lockTime { $0.lockTime = .init(date: lockTime) }
                }
            }
            $0.lastActivityTime = .init(date: lastActivityTime)
            $0.inactivityWarningsSent = Int32(inactivityWarnings)
            $0.createTime = .init(date: createTime)
            $0.updateTime = .init(date: updateTime)
            $0.passwordChangeTime = .init(date: passwordChangeTime)
        }
    }
}
