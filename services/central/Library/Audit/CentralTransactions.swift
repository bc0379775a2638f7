import Logging
import PostgresNIO
import VDXPStore

/// How Central commits a change: in one transaction with its audit record and — for a change to what the global
/// configuration says — with the configuration version bump and the notification that makes every replica re-sign
/// it. A committed change is therefore always audited, and a committed configuration change always published.
///
/// ```swift
/// try await transactions.publishing(AuditEntry(actor: actor, action: "create_member", target: id)) { connection in
///     try await members.insert(member, on: connection)
/// }
/// ```
struct CentralTransactions: Sendable {
    let database: Database
    let auditLog: AuditLog
    let configuration: ConfigurationStore
    let logger: Logger

    /// Runs `body` in a transaction that also appends `entry` to the audit log (changes that are not part of the
    /// global configuration: accounts, service change requests).
    @discardableResult
    func audited<Result: Sendable>(
        _ entry: AuditEntry, _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(logger: logger) { connection in
            let result = try await body(connection)
            try await auditLog.append(entry, on: connection)
            return result
        }
    }

    /// Like ``audited(_:_:)`` when the audit record says what `body` found: the values a change replaced.
    @discardableResult
    func audited<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> (result: Result, entry: AuditEntry)
    ) async throws -> Result {
        try await database.transaction(logger: logger) { connection in
            let (result, entry) = try await body(connection)
            try await auditLog.append(entry, on: connection)
            return result
        }
    }

    /// Runs `body` in a transaction that also bumps the configuration version, appends `entry` to the audit log and
    /// notifies every replica (at commit) that the configuration changed. The caller re-signs it afterwards
    /// (`ConfigurationPublisher.refresh()`), so that its own answer already reflects the change.
    @discardableResult
    func publishing<Result: Sendable>(
        _ entry: AuditEntry, _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.transaction(logger: logger) { connection in
            let result = try await body(connection)
            try await configuration.recordChange(on: connection)
            try await auditLog.append(entry, on: connection)
            return result
        }
    }

    /// Like ``publishing(_:_:)`` for a change that may turn out to be none: when `body` returns `false` (nothing
    /// changed, e.g. the same revocation list fetched again) the transaction commits without bumping the version or
    /// writing `entry`. Returns what `body` returned.
    func publishingIfChanged(
        _ entry: AuditEntry, _ body: @Sendable (PostgresConnection) async throws -> Bool
    ) async throws -> Bool {
        try await database.transaction(logger: logger) { connection in
            guard try await body(connection) else { return false }
            try await configuration.recordChange(on: connection)
            try await auditLog.append(entry, on: connection)
            return true
        }
    }
}
