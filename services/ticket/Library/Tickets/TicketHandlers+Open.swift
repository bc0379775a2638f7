import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Intake (Art. 18.1): a member through the API, the operator from the hotline or the official e-mail on a member's
/// behalf, Monitoring for an incident.
extension TicketHandlers {
    /// How far back the operator may date a ticket received by hotline or e-mail.
    static let maximumBackdating: TimeInterval = 7 * 86400

    func openTicket(
        request: Vdxp_Ticket_V1_OpenTicketRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        let caller = try TicketCaller.current()
        let now = clock.now()
        let requestID = try Self.requestID(request.requestID)
        let intake = try intake(of: request, by: caller, now: now)
        let category = try Self.category(request.category)
        let priority = try Self.priority(request.priority, default: .normal)
        let subject = try Validate.text(request.subject, field: "subject", maximum: 200)
        let description = try Validate.text(request.description_p, field: "description", maximum: 20_000)
        var related = ""
        if !request.relatedTicketID.isEmpty {
            guard let ticket = try await tickets.ticket(String(request.relatedTicketID.prefix(64))),
                ticket.organisationID == intake.organisationID, caller.isOperator || caller.sees(ticket.organisationID)
            else {
                throw TicketError.relatedTicketNotFound(field: "related_ticket_id", ticketID: request.relatedTicketID)
            }
            related = ticket.ticketID
        }
        if request.channel == .monitoring, let existing = try await tickets.ticket(incidentID: intake.incidentID) {
            return try await proto(existing, now: now, withAttachments: true)
        }
        let policy = settings.policies[category]!
        let (tickets, events, outbox) = (self.tickets, self.events, self.outbox)
        let timeline = settings.timeline(policy)
        let maximumOpen = settings.maximumOpenTicketsPerMember
        do {
            let (ticket, repeated) = try await database.transaction(logger: logger) { connection in
                if let earlier = try await self.earlier(requestID, by: caller, method: "OpenTicket", on: connection),
                    let ticket = try await tickets.ticket(earlier, on: connection)
                {
                    return (ticket, true)
                }
                if intake.channel == .api {
                    // A member's own tickets are bounded; the operator's and Monitoring's never are.
                    try await tickets.lockQuotas(of: intake.organisationID, on: connection)
                    let open = try await tickets.unresolvedCount(
                        openedThroughAPIBy: intake.organisationID, on: connection)
                    guard open < maximumOpen else {
                        throw TicketError.tooManyOpenTickets(
                            organisationID: intake.organisationID, maximum: maximumOpen)
                    }
                }
                let year = CalendarDate(intake.receiveTime).year
                let number = try await tickets.nextNumber(prefix: "TK", year: year, on: connection)
                let ticket = TicketRecord(
                    ticketID: TicketIdentifiers.ticket(year: year, number: number),
                    organisationID: intake.organisationID, category: category, priority: priority,
                    channel: intake.channel, subject: subject, description: description, openedBy: caller.actor,
                    reportedBy: intake.reportedBy, incidentID: intake.incidentID, relatedTicketID: related,
                    receiveTime: intake.receiveTime, now: now, policy: policy)
                try await tickets.insert(
                    ticket, dueTime: ticket.clock.dueTime(on: timeline, now: now), on: connection)
                try await events.append(
                    .make(.opened, by: caller.actor, at: now, text: subject, to: .new), to: ticket.ticketID,
                    on: connection)
                try await outbox.enqueue(
                    .forMember(
                        ticket, key: "opened",
                        summary: "Đã tiếp nhận yêu cầu hỗ trợ \(ticket.ticketID): \(subject)",
                        detail: TicketAlertTexts.opened(ticket)),
                    at: now, on: connection)
                try await self.made(ticket.ticketID, requestID: requestID, by: caller, on: connection)
                try RequestContext.checkDeadline()
                return (ticket, false)
            }
            if repeated { return try await proto(ticket, now: now, withAttachments: true) }
            logger.notice(
                "ticket opened",
                metadata: [
                    "ticket": "\(ticket.ticketID)", "member": "\(ticket.organisationID)", "by": "\(caller.actor.name)",
                ])
            return try await proto(ticket, now: now)
        } catch let error as PSQLError where error.isUniqueViolation && !intake.incidentID.isEmpty {
            // Monitoring retried while its first call was being answered: the incident's ticket exists now.
            guard let existing = try await tickets.ticket(incidentID: intake.incidentID) else { throw error }
            return try await proto(existing, now: now, withAttachments: true)
        }
    }

    /// Where a new ticket comes from, checked against who calls.
    struct Intake: Sendable {
        var organisationID: String
        var channel: Vdxp_Ticket_V1_IntakeChannel
        var reportedBy: String
        var receiveTime: Date
        var incidentID: String
    }

    /// The intake fields, by caller: a member opens for itself through the API; the operator enters a hotline or
    /// e-mail ticket for a member; Monitoring opens one per incident.
    func intake(of request: Vdxp_Ticket_V1_OpenTicketRequest, by caller: TicketCaller, now: Date) throws -> Intake {
        switch caller.kind {
        case .member(let own, _, _):
            try caller.requireWrite("open a ticket")
            guard request.channel == .api || request.channel == .unspecified else {
                throw TicketError.channelNotAllowed(
                    channel: request.channel,
                    allowed: "a member opens tickets with channel API; hotline and e-mail "
                        + "tickets are entered by the operator")
            }
            guard request.organisationID.isEmpty || request.organisationID == own else {
                throw TicketError.notOwnOrganisation(field: "organisation_id", organisationID: request.organisationID)
            }
            try Self.refuse(
                request.hasReceiveTime, "receive_time", "only the operator dates a hotline or e-mail ticket")
            try Self.refuse(!request.incidentID.isEmpty, "incident_id", "only Monitoring opens incident tickets")
            try Self.refuse(!request.reportedBy.isEmpty, "reported_by", "reported_by is for HOTLINE and EMAIL tickets")
            return Intake(organisationID: own, channel: .api, reportedBy: "", receiveTime: now, incidentID: "")
        case .operator:
            guard request.channel != .unspecified else {
                throw TicketError.invalidField(
                    field: "channel",
                    message: "channel is required: HOTLINE or EMAIL for a ticket the operator enters on a member's "
                        + "behalf")
            }
            // API is a member's own channel, MONITORING Monitoring's: not the operator's (as the proto says).
            guard request.channel == .hotline || request.channel == .email else {
                throw TicketError.channelNotAllowed(
                    channel: request.channel,
                    allowed: "the operator enters tickets on a member's behalf with channel HOTLINE or EMAIL")
            }
            let member = try member(request.organisationID)
            let reportedBy = try Validate.text(request.reportedBy, field: "reported_by", maximum: 200)
            var receiveTime = now
            if request.hasReceiveTime {
                receiveTime = request.receiveTime.date
                guard receiveTime <= now.addingTimeInterval(60) else {
                    throw TicketError.invalidField(
                        field: "receive_time",
                        message: "receive_time is in the future: give when the call or e-mail came in")
                }
                guard receiveTime >= now.addingTimeInterval(-Self.maximumBackdating) else {
                    throw TicketError.invalidField(
                        field: "receive_time", message: "receive_time is more than 7 days back: enter tickets promptly")
                }
                receiveTime = min(receiveTime, now)
            }
            try Self.refuse(!request.incidentID.isEmpty, "incident_id", "only Monitoring opens incident tickets")
            return Intake(
                organisationID: member, channel: request.channel, reportedBy: reportedBy, receiveTime: receiveTime,
                incidentID: "")
        case .service(let name):
            guard name == "monitoring", request.channel == .monitoring else {
                throw TicketError.channelNotAllowed(
                    channel: request.channel, allowed: "the Monitoring service opens tickets with channel MONITORING")
            }
            // A platform incident (no member concerned) is opened with no organisation: operators only see it.
            let member = request.organisationID.isEmpty ? "" : try member(request.organisationID)
            let incident = try Validate.text(request.incidentID, field: "incident_id", maximum: 200)
            try Self.refuse(request.hasReceiveTime, "receive_time", "an incident ticket is received when opened")
            return Intake(
                organisationID: member, channel: .monitoring, reportedBy: "", receiveTime: now, incidentID: incident)
        case .auditor:
            throw TicketError.operatorOnly(action: "open a ticket for a member (a platform auditor only reads)")
        }
    }

    /// A member's organisation id named by the operator or a service: well formed and, when the global
    /// configuration is held, a member of the platform.
    func member(_ organisationID: String, field: String = "organisation_id") throws -> String {
        guard !organisationID.isEmpty else {
            throw TicketError.invalidField(field: field, message: "\(field) is required: the member concerned")
        }
        let id = try Validate.organisationID(organisationID, field: field).description
        if let snapshot = globalConfiguration.current(), snapshot.members[id] == nil {
            throw TicketError.invalidField(field: field, message: "\(field) \(id) is not a member of the platform")
        }
        return id
    }

    /// INVALID_ARGUMENT on `field` when `condition` holds.
    static func refuse(_ condition: Bool, _ field: String, _ rule: String) throws(TicketError) {
        if condition { throw .invalidField(field: field, message: "\(field): \(rule)") }
    }

    /// A category from a request: required.
    static func category(_ value: Vdxp_Ticket_V1_TicketCategory, field: String = "category") throws(TicketError)
        -> Vdxp_Ticket_V1_TicketCategory
    {
        switch value {
        case .providedService, .connection, .account, .other: return value
        case .unspecified, .UNRECOGNIZED:
            throw .invalidField(
                field: field, message: "\(field) is required: PROVIDED_SERVICE, CONNECTION, ACCOUNT or OTHER")
        }
    }

    /// A priority from a request: UNSPECIFIED means `default` when given.
    static func priority(
        _ value: Vdxp_Ticket_V1_TicketPriority, default defaultValue: Vdxp_Ticket_V1_TicketPriority?,
        field: String = "priority"
    ) throws(TicketError) -> Vdxp_Ticket_V1_TicketPriority {
        switch value {
        case .low, .normal, .high, .urgent: return value
        case .unspecified:
            if let defaultValue { return defaultValue }
        case .UNRECOGNIZED: break
        }
        throw .invalidField(field: field, message: "\(field) must be LOW, NORMAL, HIGH or URGENT")
    }
}

/// The readable ids of tickets, windows and notices.
enum TicketIdentifiers {
    /// `TK-2026-000123`.
    static func ticket(year: Int, number: Int) -> String { "TK-\(year)-\(padded(number, 6))" }
    /// `MW-2026-0007`.
    static func window(year: Int, number: Int) -> String { "MW-\(year)-\(padded(number, 4))" }
    /// `NT-2026-0001`.
    static func notice(year: Int, number: Int) -> String { "NT-\(year)-\(padded(number, 4))" }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
