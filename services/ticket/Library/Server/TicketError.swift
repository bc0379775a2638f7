import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// Why Ticket refused a request, in words the caller can act on. Handlers and the pure rules throw it; its one
/// conformance to `RPCErrorConvertible` (`TicketError+RPC.swift`) gives each case its status code, and a field
/// violation its `google.rpc.BadRequest` details.
enum TicketError: Error, Sendable, CustomStringConvertible {
    // MARK: The request

    /// A field of the request breaks a rule; `message` names the field, the rule and how to fix it.
    case invalidField(field: String, message: String)

    // MARK: The caller

    /// Only the operator may do this.
    case operatorOnly(action: String)
    /// The account may only read (AUDITOR).
    case readOnlyAccount(action: String)
    /// Only a member may do this.
    case memberOnly(action: String)
    /// A member named another member's organisation.
    case notOwnOrganisation(field: String, organisationID: String)
    /// The caller may not use this intake channel.
    case channelNotAllowed(channel: Vdxp_Ticket_V1_IntakeChannel, allowed: String)

    // MARK: Things that do not exist (or that the caller may not see)

    /// No ticket with this id that the caller may see.
    case ticketNotFound(ticketID: String)
    /// `field` names no ticket the caller may see.
    case relatedTicketNotFound(field: String, ticketID: String)
    /// No attachment with this id on the ticket.
    case attachmentNotFound(ticketID: String, attachmentID: Int32)
    /// No maintenance window with this id.
    case windowNotFound(windowID: String)
    /// No notice with this id that the caller may see.
    case noticeNotFound(noticeID: String)

    // MARK: State

    /// The move is off the state graph.
    case moveNotAllowed(
        ticketID: String, from: Vdxp_Ticket_V1_TicketState, to: Vdxp_Ticket_V1_TicketState,
        allowed: [Vdxp_Ticket_V1_TicketState])
    /// A resolved ticket is reopened after the reopen period.
    case reopenPeriodOver(ticketID: String, resolveTime: Date, days: Int)
    /// The ticket is CLOSED and takes no more changes. (A RESOLVED ticket still takes comments and attachments: the
    /// member shows that the difficulty persists before reopening it, the operator adds its report.)
    case ticketNotOpen(ticketID: String, state: Vdxp_Ticket_V1_TicketState, action: String)
    /// Maintenance announced less than 5 working days ahead (Art. 18.2.b).
    case maintenanceTooSoon(earliest: CalendarDate, workingDays: Int)
    /// The window began already (or was cancelled) and can no longer be cancelled.
    case windowNotCancellable(windowID: String, why: String)
    /// Ticket holds no valid global configuration, so it has no calendar to count working days on (Art. 18.2.b).
    case noCalendar

    // MARK: Limits

    /// An attachment over the size limit.
    case attachmentTooLarge(size: Int, maximum: Int)
    /// A ticket with the most attachments allowed.
    case tooManyAttachments(maximum: Int)
    /// A member with the most unresolved tickets it may have opened through the API.
    case tooManyOpenTickets(organisationID: String, maximum: Int)
    /// A member whose accounts and system attached the most bytes allowed in the last 24 hours.
    case memberAttachmentBytesExhausted(organisationID: String, maximum: Int)
    /// A member whose accounts and system wrote the most comments allowed in the last 24 hours.
    case memberCommentsExhausted(organisationID: String, maximum: Int)

    /// What is wrong and what to do, as the gRPC status message says it.
    var message: String {
        switch self {
        case .invalidField(_, let message):
            return message
        case .operatorOnly(let action):
            return "only the operator (an operator:<name> certificate) may \(action)"
        case .readOnlyAccount(let action):
            return "your account may only read tickets (AUDITOR); to \(action) sign in with a MEMBER_ADMIN or "
                + "MEMBER_USER account"
        case .memberOnly(let action):
            return "only a member (its MEMBER_ADMIN or its system) may \(action)"
        case .notOwnOrganisation(let field, let organisationID):
            return "\(field) '\(organisationID)' is not your organisation: leave it empty or name your own"
        case .channelNotAllowed(let channel, let allowed):
            return "channel \(channel) is not yours to use: \(allowed)"
        case .ticketNotFound(let ticketID):
            return "no ticket '\(ticketID)' that you may see"
        case .relatedTicketNotFound(let field, let ticketID):
            return "\(field): no ticket '\(ticketID)' that you may see"
        case .attachmentNotFound(let ticketID, let attachmentID):
            return "ticket '\(ticketID)' has no attachment \(attachmentID)"
        case .windowNotFound(let windowID):
            return "no maintenance window '\(windowID)'"
        case .noticeNotFound(let noticeID):
            return "no notice '\(noticeID)' addressed to you"
        case .moveNotAllowed(let ticketID, let from, let to, let allowed):
            let moves = allowed.isEmpty ? "none: it is final" : allowed.map(\.word).joined(separator: ", ")
            return "ticket \(ticketID) is \(from.word) and cannot move to \(to.word); moves allowed from "
                + "\(from.word): \(moves)"
        case .reopenPeriodOver(let ticketID, let resolveTime, let days):
            return
                "ticket \(ticketID) was resolved at \(VietnamTime.text(resolveTime)) and may be reopened only within \(days) days of "
                + "its resolution: open a new ticket naming it in related_ticket_id"
        case .ticketNotOpen(let ticketID, let state, let action):
            return "ticket \(ticketID) is \(state.word): you cannot \(action) it"
                + (state == .closed ? "; open a new ticket naming it in related_ticket_id" : "")
        case .maintenanceTooSoon(let earliest, let workingDays):
            return "maintenance must be announced at least \(workingDays) working days ahead (Art. 18.2.b): the "
                + "earliest start allowed today is \(earliest.iso8601) (Vietnam time)"
        case .noCalendar:
            return "Ticket holds no valid global configuration right now, so it cannot count the working days of "
                + "Art. 18.2.b on Central's calendar (Central unreachable?): retry shortly"
        case .windowNotCancellable(let windowID, let why):
            return "maintenance window \(windowID) cannot be cancelled: \(why)"
        case .attachmentTooLarge(let size, let maximum):
            return "content has \(size) bytes; at most \(maximum) are allowed per attachment: compress or split it"
        case .tooManyAttachments(let maximum):
            return "the ticket already has \(maximum) attachments, the most allowed: put several files in one archive "
                + "or describe them in a comment"
        case .tooManyOpenTickets(let organisationID, let maximum):
            return "\(organisationID) already has \(maximum) unresolved tickets opened through the API, the most "
                + "allowed (VDXP_TICKET_MAX_OPEN_TICKETS_PER_MEMBER): add to one of them with a comment, or call "
                + "the hotline"
        case .memberAttachmentBytesExhausted(let organisationID, let maximum):
            return "\(organisationID) has attached \(maximum) bytes in the last 24 hours, the most allowed "
                + "(VDXP_TICKET_MAX_ATTACHMENT_BYTES_PER_MEMBER_DAY): describe the file in a comment, or send it to "
                + "the operator's official e-mail address"
        case .memberCommentsExhausted(let organisationID, let maximum):
            return "\(organisationID) has written \(maximum) comments in the last 24 hours, the most allowed "
                + "(VDXP_TICKET_MAX_COMMENTS_PER_MEMBER_DAY): gather what remains in one comment tomorrow, or call "
                + "the hotline"
        }
    }

    var description: String { message }
}
