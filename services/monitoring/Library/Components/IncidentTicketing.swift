import Foundation
import PostgresNIO

/// How incidents open support tickets: the outbox they are enqueued in and the member the tickets are filed for
/// (`VDXP_MONITORING_INCIDENT_TICKET_ORGANISATION_ID`). Empty (the setting unset): the ticket is opened without a
/// member, a platform incident that the operators alone see — a component incident concerns no member in
/// particular. (A Ticket that still requires a member refuses it; the outbox retries it until Ticket accepts it.)
struct IncidentTicketing: Sendable {
    let tickets: IncidentTicketStore
    let organisationID: String

    /// Enqueues the ticket of incident `incidentID` on `component`, opened at `openedAt`, inside the caller's
    /// transaction.
    func enqueue(
        _ incidentID: Int64, component: String, description: String, openedAt: Date, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        let at = AlertTexts.vietnamTime(openedAt)
        try await tickets.enqueue(
            incidentID: incidentID, organisationID: organisationID,
            subject: "Sự cố \(incidentID): \(component) ngừng phục vụ / Incident \(incidentID): \(component) down",
            description: """
                Giám sát phát hiện thành phần \(component) của Trục ngừng phục vụ từ \(at) (sự cố \(incidentID)): \
                \(description).

                Monitoring found the platform's \(component) not serving since \(at) (incident \(incidentID)): \
                \(description).
                """,
            at: now, on: connection)
    }
}
