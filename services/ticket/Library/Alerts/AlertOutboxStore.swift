import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Ticket's outbox of alerts for Monitoring (`ticket.alert_outbox`): written in the transaction of the change, read
/// and marked by ``AlertDispatcher``. A row leaves the pending set only when Monitoring has answered it.
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

    /// Up to `limit` pending alerts due at `now`, oldest first, locked and skipped by other replicas.
    func due(now: Date, limit: Int, on connection: PostgresConnection) async throws -> [PendingAlert] {
        let rows = try await database.query(
            """
            SELECT id, idempotency_key, kind, severity, organisation_id, to_operators, channels, summary, detail,
                   reference, attempts
            FROM ticket.alert_outbox
            WHERE delivered_time IS NULL AND next_attempt_time <= \(now)
            ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        var alerts: [PendingAlert] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            alerts.append(
                PendingAlert(
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
                    reference: try row["reference"].decode(String.self)))
        }
        return alerts
    }

    /// Monitoring took alert `id` as its alert `alertID`.
    func markDelivered(_ id: Int64, alertID: Int64, at now: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE ticket.alert_outbox SET delivered_time = \(now), alert_id = \(alertID), attempts = attempts + 1,
                last_error = ''
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// How many times alert `id` was tried.
    func attempts(_ id: Int64, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            "SELECT attempts FROM ticket.alert_outbox WHERE id = \(id)", on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// Handing alert `id` over failed with `error`; it is tried again at `next`.
    func markFailed(_ id: Int64, error: String, next: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE ticket.alert_outbox SET attempts = attempts + 1, last_error = \(error), next_attempt_time = \(next)
            WHERE id = \(id)
            """, on: connection, logger: logger)
    }

    /// The outbox as it stands, oldest first (for the tests and the operator's checks).
    func all() async throws -> [(alert: PendingAlert, attempts: Int, delivered: Bool, lastError: String)] {
        let rows = try await database.query(
            """
            SELECT id, idempotency_key, kind, severity, organisation_id, to_operators, summary, detail, reference,
                   attempts, delivered_time IS NOT NULL AS delivered, last_error
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
                toOperators: try row["to_operators"].decode(Bool.self), channels: [],
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
