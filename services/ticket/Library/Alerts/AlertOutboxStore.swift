import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Ticket's outbox of alerts for Monitoring (`ticket.alert_outbox`): written in the transaction of the change,
/// claimed for a lease and marked by ``AlertDispatcher``. A row leaves the pending set only when Monitoring has
/// answered it.
struct AlertOutboxStore: Sendable {
    let database: Database
    let logger: Logger

    /// Adds `alert`, due at once; a second alert with the same key is ignored (the change was retried).
    func enqueue(_ alert: PendingAlert, at now: Date, on connection: PostgresConnection) async throws {
        let channels = alert.channels.map { Int16($0.rawValue) }
        try await database.query(
            """
            INSERT INTO ticket.alert_outbox
                (idempotency_key, kind, severity, organisation_id, to_operators, channels, summary, detail, reference,
                 create_time, next_attempt_time)
            VALUES (\(alert.idempotencyKey), \(alert.kind), \(alert.severity), \(alert.organisationID),
                    \(alert.toOperators), \(channels), \(alert.summary), \(alert.detail), \(alert.reference), \(now),
                    \(now))
            ON CONFLICT (idempotency_key) DO NOTHING
            """, on: connection, logger: logger)
    }

    /// Claims up to `limit` pending alerts due at `now`, oldest first, for `lease` under `token`, in one short
    /// statement (its own transaction): rows another dispatcher is claiming are skipped (`FOR UPDATE SKIP LOCKED`),
    /// rows another dispatcher holds a lease on are left alone until the lease ends. No lock is held once this
    /// returns, so the call to Monitoring is made outside any transaction; the outcome is recorded by
    /// ``markDelivered(_:token:alertID:at:)`` or ``markFailed(_:token:error:next:)`` under the same token.
    ///
    /// Returns the alerts with how many times each was tried before.
    func claim(now: Date, lease: TimeInterval, limit: Int, token: UUID) async throws
        -> [(alert: PendingAlert, attempts: Int)]
    {
        let until = now.addingTimeInterval(lease)
        let rows = try await database.query(
            """
            UPDATE ticket.alert_outbox AS outbox SET claim_token = \(token), claimed_until = \(until)
            FROM (
                SELECT id FROM ticket.alert_outbox
                WHERE delivered_time IS NULL AND next_attempt_time <= \(now)
                  AND (claimed_until IS NULL OR claimed_until <= \(now))
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ) AS due
            WHERE outbox.id = due.id
            RETURNING outbox.id, outbox.idempotency_key, outbox.kind, outbox.severity, outbox.organisation_id,
                      outbox.to_operators, outbox.channels, outbox.summary, outbox.detail, outbox.reference,
                      outbox.attempts
            """, logger: logger)
        var alerts: [(alert: PendingAlert, attempts: Int)] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let alert = PendingAlert(
                id: try row["id"].decode(Int64.self),
                idempotencyKey: try row["idempotency_key"].decode(String.self),
                kind: try row["kind"].decode(Vdxp_Monitoring_V1_AlertKind.self),
                severity: try row["severity"].decode(Vdxp_Monitoring_V1_Severity.self),
                organisationID: try row["organisation_id"].decode(String.self),
                toOperators: try row["to_operators"].decode(Bool.self),
                channels: try row["channels"].decode([Int16].self).map {
                    Vdxp_Monitoring_V1_Channel(rawValue: Int($0)) ?? .unspecified
                },
                summary: try row["summary"].decode(String.self),
                detail: try row["detail"].decode(String.self),
                reference: try row["reference"].decode(String.self))
            alerts.append((alert: alert, attempts: try row["attempts"].decode(Int.self)))
        }
        return alerts.sorted { $0.alert.id < $1.alert.id }
    }

    /// Monitoring took alert `id` as its alert `alertID`. Returns false when the claim `token` no longer holds the
    /// row (its lease ran out and another dispatcher took it): nothing is written then.
    @discardableResult
    func markDelivered(_ id: Int64, token: UUID, alertID: Int64, at now: Date) async throws -> Bool {
        try await database.query(
            """
            UPDATE ticket.alert_outbox SET delivered_time = \(now), alert_id = \(alertID), attempts = attempts + 1,
                last_error = '', claim_token = NULL, claimed_until = NULL
            WHERE id = \(id) AND claim_token = \(token) AND delivered_time IS NULL
            RETURNING id
            """, logger: logger
        ).collect().count == 1
    }

    /// Handing alert `id` over failed with `error`; it is tried again at `next`. Returns false when the claim
    /// `token` no longer holds the row.
    @discardableResult
    func markFailed(_ id: Int64, token: UUID, error: String, next: Date) async throws -> Bool {
        try await database.query(
            """
            UPDATE ticket.alert_outbox SET attempts = attempts + 1, last_error = \(error), next_attempt_time = \(next),
                claim_token = NULL, claimed_until = NULL
            WHERE id = \(id) AND claim_token = \(token) AND delivered_time IS NULL
            RETURNING id
            """, logger: logger
        ).collect().count == 1
    }

    /// The outbox as it stands, oldest first (for the tests and the operator's checks).
    func all() async throws -> [(alert: PendingAlert, attempts: Int, delivered: Bool, lastError: String)] {
        let rows = try await database.query(
            """
            SELECT id, idempotency_key, kind, severity, organisation_id, to_operators, channels, summary, detail,
                   reference, attempts, delivered_time IS NOT NULL AS delivered, last_error
            FROM ticket.alert_outbox ORDER BY id
            """, logger: logger)
        var result: [(alert: PendingAlert, attempts: Int, delivered: Bool, lastError: String)] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let alert = PendingAlert(
                id: try row["id"].decode(Int64.self),
                idempotencyKey: try row["idempotency_key"].decode(String.self),
                kind: try row["kind"].decode(Vdxp_Monitoring_V1_AlertKind.self),
                severity: try row["severity"].decode(Vdxp_Monitoring_V1_Severity.self),
                organisationID: try row["organisation_id"].decode(String.self),
                toOperators: try row["to_operators"].decode(Bool.self),
                channels: try row["channels"].decode([Int16].self).map {
                    Vdxp_Monitoring_V1_Channel(rawValue: Int($0)) ?? .unspecified
                },
                summary: try row["summary"].decode(String.self), detail: try row["detail"].decode(String.self),
                reference: try row["reference"].decode(String.self))
            let attempts = try row["attempts"].decode(Int.self)
            let delivered = try row["delivered"].decode(Bool.self)
            let lastError = try row["last_error"].decode(String.self)
            result.append((alert: alert, attempts: attempts, delivered: delivered, lastError: lastError))
        }
        return result
    }
}
