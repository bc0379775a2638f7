import Foundation
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

/// People's accounts (`central.accounts`, Art. 16): every statement on the table. Each method takes an optional
/// connection, so that a change composes with its audit record (``CentralTransactions``) and its notifications in
/// one transaction.
struct AccountStore: Sendable {
    let database: Database
    let logger: Logger

    /// Creates account `account` (state ACTIVE, no failures, active since its creation).
    ///
    /// - Throws: ``CentralError/usernameTaken(username:)`` when another account has its username.
    func insert(_ account: NewAccount, on connection: PostgresConnection) async throws {
        do {
            try await database.query(
                """
                INSERT INTO central.accounts
                    (id, username, display_name, email, phone, organisation_id, roles, state, password_hash,
                     password_change_time, last_activity_time, created_by, create_time, update_time)
                VALUES (\(account.id), \(account.username), \(account.displayName), \(account.email), \(account.phone),
                        \(account.organisationID), \(account.roles), \(Vdxp_Central_V1_AccountState.active),
                        \(account.passwordHash), \(account.time), \(account.time), \(account.createdBy), \(account.time),
                        \(account.time))
                """, on: connection, logger: logger)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw CentralError.usernameTaken(username: account.username)
        }
    }

    /// The account with `id`, locked for the rest of the transaction when `forUpdate`.
    func account(id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> AccountRecord?
    {
        let lock = forUpdate ? " FOR UPDATE" : ""
        return try await first(
            "SELECT \(unescaped: AccountRecord.columns) FROM central.accounts WHERE id = \(id)\(unescaped: lock)",
            on: connection)
    }

    /// The account named `username` (already folded to lower case).
    func account(username: String, on connection: PostgresConnection? = nil) async throws -> AccountRecord? {
        try await first(
            "SELECT \(unescaped: AccountRecord.columns) FROM central.accounts WHERE username = \(username)",
            on: connection)
    }

    /// The account with `id`, or NOT_FOUND.
    func existing(_ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> AccountRecord
    {
        guard let account = try await account(id: id, on: connection, forUpdate: forUpdate) else {
            throw CentralError.accountNotFound(name: id.uuidString.lowercased())
        }
        return account
    }

    /// Accounts ordered by username after `after`, of one member unless `organisationID` is empty and in one state
    /// unless `state` is unspecified.
    func list(organisationID: String, state: Vdxp_Central_V1_AccountState, after: String, limit: Int) async throws
        -> [AccountRecord]
    {
        let rows = try await database.query(
            """
            SELECT \(unescaped: AccountRecord.columns) FROM central.accounts
            WHERE username > \(after) AND (\(organisationID) = '' OR organisation_id = \(organisationID))
              AND (\(state == .unspecified) OR state = \(state))
            ORDER BY username LIMIT \(limit)
            """, logger: logger)
        var accounts: [AccountRecord] = []
        for try await row in rows { accounts.append(try AccountRecord(row: row)) }
        return accounts
    }

    /// How many ACTIVE accounts of `organisationID` other than `id` hold MEMBER_ADMIN.
    func otherActiveAdministrators(of organisationID: String, besides id: UUID, on connection: PostgresConnection)
        async throws -> Int
    {
        try await database.query(
            """
            SELECT count(*) FROM central.accounts
            WHERE organisation_id = \(organisationID) AND state = \(Vdxp_Central_V1_AccountState.active)
              AND \(Vdxp_Central_V1_AccountRole.memberAdmin) = ANY(roles) AND id <> \(id)
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// Runs `query` and reads its first row as an account.
    private func first(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> AccountRecord? {
        for try await row in try await database.query(query, on: connection, logger: logger) {
            return try AccountRecord(row: row)
        }
        return nil
    }
}

/// An account about to be created, checked by the caller.
struct NewAccount: Sendable {
    var id: UUID
    /// Lower case, unique.
    var username: String
    var displayName: String
    var email: String
    var phone: String
    /// The member the person works for.
    var organisationID: String
    /// At least one, each once.
    var roles: [Vdxp_Central_V1_AccountRole]
    /// The scrypt hash of the first password (`PasswordHasher`).
    var passwordHash: String
    /// Who creates it, as the audit log names actors.
    var createdBy: String
    /// When, by Central's clock.
    var time: Date
}
