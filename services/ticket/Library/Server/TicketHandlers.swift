import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.ticket.v1.TicketService` handlers, split by concern into `TicketHandlers+*.swift`. Access is checked by
/// `IdentityInterceptor` with ``TicketAccessRules``; handlers narrow it by the caller (``TicketCaller``): a member
/// sees only its own tickets and notices (NOT_FOUND otherwise), an auditor account only reads.
///
/// A handler identifies the caller, validates the request, opens the transaction, calls the stores and builds the
/// response; the SQL lives in the stores.
struct TicketHandlers: Vdxp_Ticket_V1_TicketService.SimpleServiceProtocol {
    let database: Database
    let tickets: TicketStore
    let events: TicketEventStore
    let attachments: AttachmentStore
    let windows: MaintenanceStore
    let notices: NoticeStore
    /// The `request_id`s of calls, with what each made.
    let requestKeys: RequestKeyStore
    let outbox: AlertOutboxStore
    let credentialLocks: CredentialLockStore
    let accountLocker: CentralAccountLocker
    let globalConfiguration: GlobalConfigurationStore
    let settings: TicketSettings
    let clock: WallClock
    let logger: Logger

    /// The timeline of a ticket's own policy.
    func timeline(_ ticket: TicketRecord) -> SlaTimeline { settings.timeline(ticket.clock.policy) }

    /// The ticket as the contract shows it now.
    func proto(_ ticket: TicketRecord, now: Date, withAttachments: Bool = false) async throws -> Vdxp_Ticket_V1_Ticket {
        let described = withAttachments ? try await attachments.descriptions(ticketID: ticket.ticketID) : []
        return ticket.proto(on: timeline(ticket), now: now, attachments: described)
    }

    /// The ticket `ticketID` if `caller` may see it; NOT_FOUND otherwise (another member's ticket does not exist for
    /// a member).
    func visibleTicket(
        _ ticketID: String, to caller: TicketCaller, on connection: PostgresConnection? = nil,
        forUpdate: Bool = false
    ) async throws -> TicketRecord {
        guard !ticketID.isEmpty else {
            throw TicketError.invalidField(field: "ticket_id", message: "ticket_id is required (e.g. TK-2026-000123)")
        }
        guard ticketID.codePointCount <= 64,
            let ticket = try await tickets.ticket(ticketID, on: connection, forUpdate: forUpdate),
            caller.sees(ticket.organisationID)
        else { throw TicketError.ticketNotFound(ticketID: String(ticketID.prefix(64))) }
        return ticket
    }

    /// What a change to one ticket adds besides the ticket's own row: history and alerts.
    struct Change: Sendable {
        /// Events to append, in order.
        var events: [Vdxp_Ticket_V1_TicketEvent] = []
        /// Alerts to hand to Monitoring, keyed by the sequence of the event that raised them (`key` gets
        /// `/<sequence>` appended when `perEvent`).
        var alerts: [(alert: PendingAlert, afterEvent: Int?)] = []
    }

    /// Changes ticket `ticketID` in one transaction: loads it locked (NOT_FOUND when `caller` may not see it), runs
    /// `quota` (a check of what the caller may still do, made in the transaction so that concurrent calls see each
    /// other's writes), lets `body` change it and say what to record, writes it back with its deadline, appends the
    /// events and queues the alerts. Returns the ticket as changed and the events as appended.
    func change(
        _ ticketID: String, by caller: TicketCaller, now: Date,
        quota: (@Sendable (PostgresConnection) async throws -> Void)? = nil,
        made: (@Sendable ([Vdxp_Ticket_V1_TicketEvent], PostgresConnection) async throws -> Void)? = nil,
        _ body: @Sendable (inout TicketRecord, inout Change) throws -> Void
    ) async throws -> (TicketRecord, [Vdxp_Ticket_V1_TicketEvent]) {
        let (tickets, events, outbox, logger) = (self.tickets, self.events, self.outbox, self.logger)
        let handlers = self
        return try await database.transaction(logger: logger) { connection in
            var ticket = try await handlers.visibleTicket(ticketID, to: caller, on: connection, forUpdate: true)
            try await quota?(connection)
            var change = Change()
            try body(&ticket, &change)
            ticket.updateTime = now
            try await tickets.update(ticket, timeline: handlers.timeline(ticket), now: now, on: connection)
            var appended: [Vdxp_Ticket_V1_TicketEvent] = []
            for event in change.events {
                appended.append(try await events.append(event, to: ticket.ticketID, on: connection))
            }
            for (alert, afterEvent) in change.alerts {
                var alert = alert
                if let afterEvent, afterEvent < appended.count {
                    alert.idempotencyKey += "/\(appended[afterEvent].sequence)"
                }
                try await outbox.enqueue(alert, at: now, on: connection)
            }
            try await made?(appended, connection)
            try RequestContext.checkDeadline()
            return (ticket, appended)
        }
    }
}

extension TicketRecord {
    /// The milestone of the clock was reached at `time` (an answer, or the resolution): records SLA_MET when this
    /// meets the clock.
    mutating func reach(
        _ milestone: Vdxp_Ticket_V1_SlaMilestone, at time: Date, on timeline: SlaTimeline,
        change: inout TicketHandlers.Change
    ) {
        guard clock.policy.metBy == milestone || milestone == .resolution && clock.policy.metBy == .firstResponse
        else { return }
        if clock.reachMilestone(at: time, on: timeline) {
            change.events.append(.make(.slaMet, by: .ticketService, at: time))
        }
    }
}
