import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// `central.audit_log`: who did what to which target, when and why. Every change a person or a Central job makes is
/// appended here in the transaction of the change itself (``CentralTransactions``), so that a committed change is
/// always audited; the operator reads it with `ListAuditEvents`.
struct AuditLog: Sendable {
    let database: Database
    let logger: Logger

    /// Appends `entry` on `connection`, inside the transaction of the change it records.
    func append(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            INSERT INTO central.audit_log (actor, action, target, reason)
            VALUES (\(entry.actor), \(entry.action), \(entry.target), \(entry.reason))
            """, on: connection, logger: logger)
    }

    /// How many changes the member `organisationID` made to itself in the last 24 hours (by the database's clock,
    /// which stamps them): those its system (`member <id>`) and its accounts (`account <username> of <id>`) recorded
    /// on it, together — a member with many administrators gets no more than one with a single one.
    func changesInLastDay(byMemberItself organisationID: String) async throws -> Int {
        let system = CallerIdentity.member(organisationID: organisationID).description
        let ofMember = " of \(organisationID)"
        return try await database.query(
            """
            SELECT count(*) FROM central.audit_log
            WHERE target = \(organisationID) AND record_time > now() - interval '1 day'
              AND (actor = \(system)
                   OR (starts_with(actor, 'account ') AND right(actor, char_length(\(ofMember))) = \(ofMember)))
            """, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// Events newest first with ids below `before`, whose target starts with `targetPrefix` (taken literally) and,
    /// unless `action` is empty, whose action is `action` (found by `audit_log_by_action`, a prefix by
    /// `audit_log_by_target`).
    func events(
        before: Int64, targetPrefix: String, action: String, limit: Int
    ) async throws -> [Vdxp_Central_V1_AuditEvent] {
        let rows = try await database.query(
            Self.eventsQuery(before: before, targetPrefix: targetPrefix, action: action, limit: limit),
            logger: logger)
        var events: [Vdxp_Central_V1_AuditEvent] = []
        for try await (id, time, actor, action, target, reason) in rows.decode(
            (Int64, Date, String, String, String, String).self)
        {
            events.append(
                .with {
                    $0.id = id
                    $0.recordTime = .init(date: time)
                    $0.actor = actor
                    $0.action = action
                    $0.target = target
                    $0.reason = reason
                })
        }
        return events
    }

    /// The statement of ``events(before:targetPrefix:action:limit:)``.
    static func eventsQuery(before: Int64, targetPrefix: String, action: String, limit: Int) -> PostgresQuery {
        let pattern =
            targetPrefix
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return """
            SELECT id, record_time, actor, action, target, reason FROM central.audit_log
            WHERE id < \(before) AND target LIKE \(pattern) AND (\(action) = '' OR action = \(action))
            ORDER BY id DESC LIMIT \(limit)
            """
    }
}

/// One record of the audit log: who (`actor`, e.g. `operator admin`), did what (`action`, e.g. `create_member`), to
/// which `target` (an organisation id, `accounts/<username>`, …), and why.
struct AuditEntry: Sendable {
    /// Who acted, as `CallerIdentity` or `AccountActor` describe themselves.
    var actor: String
    /// What was done, in snake case.
    var action: String
    /// What it was done to; members' events start with their organisation id, so a prefix selects them.
    var target: String
    /// Why, in the actor's words (may be empty).
    var reason: String = ""
}
