import Foundation
import GRPCCore
import Logging
import PostgresNIO
import VDXPRuntime
import VDXPStore

/// Reads and writes `central.accounts`. Changes made by people go through ``audited(actor:action:target:reason:_:)``,
/// which appends to `central.audit_log` in the same transaction — without bumping the global configuration version,
/// since accounts are not part of it.
struct AccountStore: Sendable {
    let database: Database
    let clock: WallClock
    let outbox: NotificationOutbox
    let logger: Logger

    /// Runs `body` in a transaction that also records who did what to which target, and why.
    @discardableResult
    func audited<Result: Sendable>(
        actor: String, action: String, target: String, reason: String = "",
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(logger: logger) { connection in
            let result = try await body(connection)
            try await Self.audit(
                actor: actor, action: action, target: target, reason: reason, on: connection, logger: logger)
            return result
        }
    }

    /// Appends one record to the audit log on `connection`.
    static func audit(
        actor: String, action: String, target: String, reason: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO central.audit_log (actor, action, target, reason)
            VALUES (\(actor), \(action), \(target), \(reason))
            """, logger: logger)
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
    func account(username: String, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> AccountRecord?
    {
        let lock = forUpdate ? " FOR UPDATE" : ""
        return try await first(
            "SELECT \(unescaped: AccountRecord.columns) FROM central.accounts WHERE username = \(username)\(unescaped: lock)",
            on: connection)
    }

    /// The account with `id`, or NOT_FOUND.
    func existing(_ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false) async throws
        -> AccountRecord
    {
        guard let account = try await account(id: id, on: connection, forUpdate: forUpdate) else {
            throw RPCError(code: .notFound, message: "no account \(id.uuidString.lowercased()) exists")
        }
        return account
    }

    /// Whether a member `organisationID` is registered.
    func memberExists(_ organisationID: String) async throws -> Bool {
        try await database.query(
            "SELECT 1 FROM central.members WHERE organisation_id = \(organisationID)", logger: logger
        ).collect().count == 1
    }

    /// Runs `query` and reads its first row as an account.
    func first(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> AccountRecord? {
        let rows =
            if let connection { try await connection.query(query, logger: logger) } else {
                try await database.query(query, logger: logger)
            }
        for try await row in rows { return try AccountRecord(row: row) }
        return nil
    }

    /// Accounts ordered by username after `after`, optionally of one member and in one state.
    func list(organisationID: String, state: Int16, after: String, limit: Int) async throws -> [AccountRecord] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: AccountRecord.columns) FROM central.accounts
            WHERE username > \(after) AND (\(organisationID) = '' OR organisation_id = \(organisationID))
              AND (\(state) = 0 OR state = \(state))
            ORDER BY username LIMIT \(limit)
            """, logger: logger)
        var accounts: [AccountRecord] = []
        for try await row in rows { accounts.append(try AccountRecord(row: row)) }
        return accounts
    }
}
