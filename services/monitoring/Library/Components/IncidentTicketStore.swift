import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The durable outbox of incident tickets (`monitoring.incident_tickets`): one row per incident, written in the
/// transaction that opens the incident, kept until Ticket has answered with the ticket's id — retried with backoff,
/// never dropped. ``IncidentTicketDispatcher`` reads it.
struct IncidentTicketStore: Sendable {
    let database: Database
    let logger: Logger

    /// A ticket still to be opened for an incident.
    struct PendingTicket: Sendable, Equatable {
        /// The incident (its id is the ticket's idempotency key in Ticket).
        var incidentID: Int64
        /// The member the ticket is filed for; empty for a platform incident, without a member.
        var organisationID: String
        /// The ticket's one-line subject.
        var subject: String
        /// What happened.
        var description: String
        /// Attempts made so far.
        var attemptCount: Int
    }

    /// Enqueues the ticket of incident `incidentID` inside the caller's transaction, due at once.
    func enqueue(
        incidentID: Int64, organisationID: String, subject: String, description: String, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO monitoring.incident_tickets
                (incident_id, organisation_id, subject, description, create_time, next_attempt_time)
            VALUES (\(incidentID), \(organisationID), \(subject), \(description), \(now), \(now))
            ON CONFLICT (incident_id) DO NOTHING
            """, on: connection, logger: logger)
    }

    /// The tickets due at `now`, oldest first.
    func due(at now: Date, limit: Int) async throws -> [PendingTicket] {
        var pending: [PendingTicket] = []
        for try await row in try await database.query(
            """
            SELECT incident_id, organisation_id, subject, description, attempt_count FROM monitoring.incident_tickets
            WHERE ticket_id = '' AND next_attempt_time <= \(now)
            ORDER BY next_attempt_time, incident_id LIMIT \(limit)
            """, on: nil, logger: logger
        ).decode((Int64, String, String, String, Int32).self) {
            pending.append(
                PendingTicket(
                    incidentID: row.0, organisationID: row.1, subject: row.2, description: row.3,
                    attemptCount: Int(row.4)))
        }
        return pending
    }

    /// Records that Ticket opened `ticketID` for the incident: the row is done and the incident names the ticket.
    func opened(_ incidentID: Int64, ticketID: String, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE monitoring.incident_tickets SET ticket_id = \(ticketID), attempt_count = attempt_count + 1,
                last_error = ''
            WHERE incident_id = \(incidentID)
            """, on: connection, logger: logger)
        try await database.query(
            "UPDATE monitoring.incidents SET ticket_id = \(ticketID) WHERE incident_id = \(incidentID)",
            on: connection, logger: logger)
    }

    /// Records a failed attempt and when to try again.
    func failed(_ incidentID: Int64, error: String, retryAt next: Date) async throws {
        try await database.query(
            """
            UPDATE monitoring.incident_tickets
            SET attempt_count = attempt_count + 1, last_error = \(error), next_attempt_time = \(next)
            WHERE incident_id = \(incidentID) AND ticket_id = ''
            """, on: nil, logger: logger)
    }

    /// The row of incident `incidentID`: attempts, last error, ticket id (empty until opened).
    func state(of incidentID: Int64) async throws -> (attempts: Int, lastError: String, ticketID: String)? {
        for try await row in try await database.query(
            """
            SELECT attempt_count, last_error, ticket_id FROM monitoring.incident_tickets
            WHERE incident_id = \(incidentID)
            """, on: nil, logger: logger
        ).decode((Int32, String, String).self) {
            return (Int(row.0), row.1, row.2)
        }
        return nil
    }
}
