import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// One row of `ticket.tickets`, as the handlers and the sweeper read and write it: the ticket and its support clock.
struct TicketRecord: Sendable {
    var ticketID: String
    var organisationID: String
    var category: Vdxp_Ticket_V1_TicketCategory
    var priority: Vdxp_Ticket_V1_TicketPriority
    var channel: Vdxp_Ticket_V1_IntakeChannel
    var subject: String
    var description: String
    var state: Vdxp_Ticket_V1_TicketState
    var openedBy: Vdxp_Ticket_V1_Actor
    var reportedBy: String
    var assignee: String
    var incidentID: String
    var relatedTicketID: String
    var updateTime: Date
    var resolution: String
    var resolveTime: Date?
    var reopenCount: Int
    var clock: SupportClock

    /// When the ticket was received: the start of the clock.
    var receiveTime: Date { clock.receiveTime }

    /// The columns `init(row:)` reads, in order.
    static let columns = """
        ticket_id, organisation_id, category, priority, channel, subject, description, state, opened_by_kind,
        opened_by_name, opened_by_organisation, reported_by, assignee, incident_id, related_ticket_id, receive_time,
        update_time, resolution, resolve_time, reopen_count, sla_target_seconds, sla_met_by, sla_clock_hours,
        sla_pause_while_waiting, sla_warning_seconds, sla_workday_start, sla_workday_end, sla_state, sla_paused_seconds,
        sla_pause_start, sla_met_time, sla_warn_time, sla_escalate_time
        """

    /// A new ticket.
    init(
        ticketID: String, organisationID: String, category: Vdxp_Ticket_V1_TicketCategory,
        priority: Vdxp_Ticket_V1_TicketPriority, channel: Vdxp_Ticket_V1_IntakeChannel, subject: String,
        description: String, openedBy: Vdxp_Ticket_V1_Actor, reportedBy: String, incidentID: String,
        relatedTicketID: String, receiveTime: Date, now: Date, policy: SupportPolicy
    ) {
        self.ticketID = ticketID
        self.organisationID = organisationID
        self.category = category
        self.priority = priority
        self.channel = channel
        self.subject = subject
        self.description = description
        self.state = .new
        self.openedBy = openedBy
        self.reportedBy = reportedBy
        self.assignee = ""
        self.incidentID = incidentID
        self.relatedTicketID = relatedTicketID
        self.updateTime = now
        self.resolution = ""
        self.resolveTime = nil
        self.reopenCount = 0
        self.clock = SupportClock(policy: policy, receiveTime: receiveTime)
    }

    /// Reads a row selected with ``columns``.
    init(row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        ticketID = try row["ticket_id"].decode(String.self)
        organisationID = try row["organisation_id"].decode(String.self)
        category = try row["category"].decode(Vdxp_Ticket_V1_TicketCategory.self)
        priority = try row["priority"].decode(Vdxp_Ticket_V1_TicketPriority.self)
        channel = try row["channel"].decode(Vdxp_Ticket_V1_IntakeChannel.self)
        subject = try row["subject"].decode(String.self)
        description = try row["description"].decode(String.self)
        state = try row["state"].decode(Vdxp_Ticket_V1_TicketState.self)
        openedBy = .make(
            try row["opened_by_kind"].decode(Vdxp_Ticket_V1_ActorKind.self),
            try row["opened_by_name"].decode(String.self), try row["opened_by_organisation"].decode(String.self))
        reportedBy = try row["reported_by"].decode(String.self)
        assignee = try row["assignee"].decode(String.self)
        incidentID = try row["incident_id"].decode(String.self)
        relatedTicketID = try row["related_ticket_id"].decode(String.self)
        updateTime = try row["update_time"].decode(Date.self)
        resolution = try row["resolution"].decode(String.self)
        resolveTime = try row["resolve_time"].decode(Date?.self)
        reopenCount = try row["reopen_count"].decode(Int.self)
        let workdayStart = try row["sla_workday_start"].decode(Int.self)
        let workdayEnd = try row["sla_workday_end"].decode(Int.self)
        guard let workingHours = WorkingHours(storedStart: workdayStart, end: workdayEnd) else {
            throw TicketRecordError(
                ticketID: ticketID,
                problem: "sla_workday_start \(workdayStart) and sla_workday_end \(workdayEnd) are not working hours")
        }
        let policy = SupportPolicy(
            targetSeconds: try row["sla_target_seconds"].decode(Int64.self),
            metBy: try row["sla_met_by"].decode(Vdxp_Ticket_V1_SlaMilestone.self),
            clockHours: try row["sla_clock_hours"].decode(Bool.self),
            pauseWhileWaiting: try row["sla_pause_while_waiting"].decode(Bool.self),
            warningSeconds: try row["sla_warning_seconds"].decode(Int64.self), workingHours: workingHours)
        clock = SupportClock(
            policy: policy, receiveTime: try row["receive_time"].decode(Date.self),
            state: try row["sla_state"].decode(Vdxp_Ticket_V1_SlaState.self),
            pausedSeconds: try row["sla_paused_seconds"].decode(Double.self),
            pauseStart: try row["sla_pause_start"].decode(Date?.self),
            metTime: try row["sla_met_time"].decode(Date?.self),
            warnTime: try row["sla_warn_time"].decode(Date?.self),
            escalateTime: try row["sla_escalate_time"].decode(Date?.self))
    }

    /// The ticket as the contract shows it at `now`, with its attachments' descriptions.
    func proto(on timeline: SlaTimeline, now: Date, attachments: [Vdxp_Ticket_V1_TicketAttachment] = [])
        -> Vdxp_Ticket_V1_Ticket
    {
        .with {
            $0.ticketID = ticketID
            $0.organisationID = organisationID
            $0.category = category
            $0.priority = priority
            $0.channel = channel
            $0.subject = subject
            $0.description_p = description
            $0.state = state
            $0.openedBy = openedBy
            $0.reportedBy = reportedBy
            $0.assignee = assignee
            $0.sla = clock.proto(on: timeline, now: now)
            $0.attachments = attachments
            $0.incidentID = incidentID
            $0.relatedTicketID = relatedTicketID
            $0.receiveTime = Google_Protobuf_Timestamp(date: receiveTime)
            $0.updateTime = Google_Protobuf_Timestamp(date: updateTime)
            $0.resolution = resolution
            if let resolveTime { $0.resolveTime = Google_Protobuf_Timestamp(date: resolveTime) }
            $0.reopenCount = Int32(reopenCount)
        }
    }
}

/// A row of `ticket.tickets` that breaks a rule the service wrote it under (edited by hand?): the ticket cannot be
/// read until the row is corrected.
struct TicketRecordError: Error, CustomStringConvertible {
    let ticketID: String
    let problem: String
    var description: String { "ticket \(ticketID) cannot be read: \(problem); correct the row in ticket.tickets" }
}
