import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// An alert Ticket owes Monitoring (`SubmitAlert`), written to Ticket's own outbox in the same transaction as the
/// change it tells of, and handed over by ``AlertDispatcher`` until Monitoring has taken it.
struct PendingAlert: Sendable, Hashable {
    /// The outbox row, once stored.
    var id: Int64 = 0
    /// The key Monitoring deduplicates on, unique per alert (e.g. `ticket/TK-2026-000123/breached`).
    var idempotencyKey: String
    /// What it is about.
    var kind: Vdxp_Monitoring_V1_AlertKind
    /// How urgent.
    var severity: Vdxp_Monitoring_V1_Severity
    /// The member it is for; empty with `toOperators` for the operator group, empty without it for every member.
    var organisationID: String
    /// To the operator group's contacts.
    var toOperators: Bool
    /// E-mail, SMS, both or none (inbox only).
    var channels: [Vdxp_Monitoring_V1_Channel]
    /// One line, at most 300 characters.
    var summary: String
    /// The detail, at most 20,000 characters.
    var detail: String
    /// The ticket, window or notice id.
    var reference: String

    /// The request handed to Monitoring.
    var request: Vdxp_Monitoring_V1_SubmitAlertRequest {
        .with {
            $0.idempotencyKey = idempotencyKey
            $0.kind = kind
            $0.severity = severity
            $0.organisationID = organisationID
            $0.toOperators = toOperators
            $0.channels = channels
            $0.summary = String(summary.prefix(300))
            $0.detail = String(detail.prefix(20_000))
            $0.reference = reference
        }
    }
}

extension PendingAlert {
    /// To a member about its ticket: opened, answered, resolved (e-mail; the inbox always). A platform incident's
    /// ticket (no organisation) concerns no member: its alerts go to the operator group's inbox instead — never to
    /// every member, which is what an empty organisation without `toOperators` would mean.
    static func forMember(
        _ ticket: TicketRecord, key: String, summary: String, detail: String,
        severity: Vdxp_Monitoring_V1_Severity = .info
    ) -> PendingAlert {
        let platform = ticket.organisationID.isEmpty
        return PendingAlert(
            idempotencyKey: "ticket/\(ticket.ticketID)/\(key)", kind: .supportTicket, severity: severity,
            organisationID: ticket.organisationID, toOperators: platform, channels: platform ? [] : [.email],
            summary: summary, detail: detail, reference: ticket.ticketID)
    }

    /// To the operator group about a ticket's clock: the warning and the escalation (e-mail and SMS).
    static func forOperators(
        _ ticket: TicketRecord, key: String, summary: String, detail: String, severity: Vdxp_Monitoring_V1_Severity
    ) -> PendingAlert {
        PendingAlert(
            idempotencyKey: "ticket/\(ticket.ticketID)/\(key)", kind: .supportTicket, severity: severity,
            organisationID: "", toOperators: true, channels: [.email, .sms], summary: summary, detail: detail,
            reference: ticket.ticketID)
    }
}
