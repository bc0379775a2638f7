import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Working a ticket: comments, state changes, assignment, priority. Each change is one transaction with its history
/// and its alerts.
extension TicketHandlers {
    func commentOnTicket(
        request: Vdxp_Ticket_V1_CommentOnTicketRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_TicketEvent {
        let caller = try TicketCaller.current()
        try caller.requireWrite("comment on a ticket")
        let text = try Validate.text(request.text, field: "text", maximum: 20_000)
        let requestID = try Self.requestID(request.requestID)
        if request.`internal` { try caller.requireOperator("write an internal note") }
        let isInternal = request.`internal`
        let now = clock.now()
        let settings = self.settings
        var quota: (@Sendable (PostgresConnection) async throws -> Void)? = nil
        if case .member(let member, _, _) = caller.kind {
            // What a member writes is bounded per 24 hours; the operator's answers and notes never are. Counted under
            // the member's quota lock in the comment's own transaction: concurrent comments each see the others.
            let (maximum, tickets, events) = (settings.maximumCommentsPerMemberDay, self.tickets, self.events)
            quota = { connection in
                try await tickets.lockQuotas(of: member, on: connection)
                let written = try await events.commentCount(
                    byMember: member, since: now.addingTimeInterval(-86_400), on: connection)
                guard written < maximum else {
                    throw TicketError.memberCommentsExhausted(organisationID: member, maximum: maximum)
                }
            }
        }
        // A retry with the first call's request_id finds its comment (`<ticket>#<sequence>`): the transaction is
        // rolled back and that comment returned, so that the member is not told of one answer twice.
        let (handlers, memberQuota) = (self, quota)
        let onceQuota: @Sendable (PostgresConnection) async throws -> Void = { connection in
            if let earlier = try await handlers.earlier(
                requestID, by: caller, method: "CommentOnTicket", on: connection)
            {
                throw RepeatedComment(resourceID: earlier)
            }
            try await memberQuota?(connection)
        }
        let made: @Sendable ([Vdxp_Ticket_V1_TicketEvent], PostgresConnection) async throws -> Void = {
            appended, connection in
            guard let comment = appended.first else { return }
            try await handlers.made(
                "\(request.ticketID)#\(comment.sequence)", requestID: requestID, by: caller, on: connection)
        }
        let appended: [Vdxp_Ticket_V1_TicketEvent]
        do {
            appended = try await change(
                request.ticketID, by: caller, now: now, quota: onceQuota, made: made,
                commentOn(text, isInternal, caller, now)
            ).1
        } catch let repeated as RepeatedComment {
            let parts = repeated.resourceID.split(separator: "#")
            guard parts.count == 2, let sequence = Int64(parts[1]),
                let comment = try await events.list(
                    ticketID: String(parts[0]), includeInternal: true, afterSequence: sequence - 1, limit: 1
                ).first
            else { throw TicketError.ticketNotFound(ticketID: String(request.ticketID.prefix(64))) }
            return comment
        }
        return appended[0]
    }

    /// A comment call whose request_id an earlier call used: `resourceID` names that call's comment.
    private struct RepeatedComment: Error {
        let resourceID: String
    }

    /// What a comment does to its ticket: the event, and for the operator's answer the first response and the
    /// member's alert; a member answering what the operator asked gives the ticket back to the operator.
    private func commentOn(
        _ text: String, _ isInternal: Bool, _ caller: TicketCaller, _ now: Date
    ) -> @Sendable (inout TicketRecord, inout Change) throws -> Void {
        let settings = self.settings
        return { ticket, change in
            guard ticket.state != .closed else {
                throw TicketError.ticketNotOpen(ticketID: ticket.ticketID, state: ticket.state, action: "comment on")
            }
            let timeline = settings.timeline(ticket.clock.policy)
            change.events.append(.make(.commented, by: caller.actor, at: now, text: text, internal: isInternal))
            if caller.isOperator {
                guard !isInternal else { return }
                // An answer to the member (Art. 18.2.a "hỗ trợ, phản hồi").
                ticket.reach(.firstResponse, at: now, on: timeline, change: &change)
                change.alerts.append(
                    (
                        PendingAlert.forMember(
                            ticket, key: "answered", summary: "Phản hồi yêu cầu \(ticket.ticketID)",
                            detail: TicketAlertTexts.answered(ticket, text: text)), 0
                    ))
            } else if ticket.state == .waitingForMember {
                // The member answered what the operator asked: the ticket is the operator's again.
                ticket.clock.resume(at: now, on: timeline)
                change.events.append(
                    .make(.stateChanged, by: caller.actor, at: now, from: .waitingForMember, to: .inProgress))
                ticket.state = .inProgress
            }
        }
    }

    func changeTicketState(
        request: Vdxp_Ticket_V1_ChangeTicketStateRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        let caller = try TicketCaller.current()
        try caller.requireWrite("change a ticket's state")
        guard TicketLifecycle.isKnown(request.state) else {
            throw TicketError.invalidField(
                field: "state", message: "state is required: the state to move to (e.g. TICKET_STATE_RESOLVED)")
        }
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.codePointCount <= 20_000 else {
            throw TicketError.invalidField(
                field: "text", message: "text has \(text.codePointCount) characters; at most 20000")
        }
        let requestID = try Self.requestID(request.requestID)
        let target = request.state
        let now = clock.now()
        let settings = self.settings
        // A retry with the first call's request_id finds that call's ticket: the transaction is rolled back and the
        // ticket returned as it is now, so that the move made once is neither refused nor told to the member twice.
        let handlers = self
        let once: @Sendable (PostgresConnection) async throws -> Void = { connection in
            if let earlier = try await handlers.earlier(
                requestID, by: caller, method: "ChangeTicketState", on: connection)
            {
                throw RepeatedChange(ticketID: earlier)
            }
        }
        let made: @Sendable ([Vdxp_Ticket_V1_TicketEvent], PostgresConnection) async throws -> Void = {
            _, connection in
            try await handlers.made(request.ticketID, requestID: requestID, by: caller, on: connection)
        }
        let ticket: TicketRecord
        do {
            ticket = try await moved(request.ticketID, to: target, text: text, by: caller, now: now, once, made)
        } catch let repeated as RepeatedChange {
            ticket = try await visibleTicket(repeated.ticketID, to: caller)
        }
        return try await proto(ticket, now: now, withAttachments: true)
    }

    /// A state change whose request_id an earlier call used: `ticketID` names that call's ticket.
    private struct RepeatedChange: Error {
        let ticketID: String
    }

    /// Moves `ticketID` to `target` in one transaction, with its history, its clock and the member's alert.
    private func moved(
        _ ticketID: String, to target: Vdxp_Ticket_V1_TicketState, text: String, by caller: TicketCaller, now: Date,
        _ once: @escaping @Sendable (PostgresConnection) async throws -> Void,
        _ made: @escaping @Sendable ([Vdxp_Ticket_V1_TicketEvent], PostgresConnection) async throws -> Void
    ) async throws -> TicketRecord {
        let settings = self.settings
        return try await change(ticketID, by: caller, now: now, quota: once, made: made) { ticket, change in
            let from = ticket.state
            try TicketLifecycle.check(
                from: from, to: target, caller: caller, text: text, ticketID: ticket.ticketID,
                resolveTime: ticket.resolveTime, reopenPeriod: settings.reopenPeriod, now: now)
            let timeline = settings.timeline(ticket.clock.policy)
            let reopening = from == .resolved && target == .inProgress
            if from == .waitingForMember { ticket.clock.resume(at: now, on: timeline) }
            ticket.state = target
            change.events.append(
                .make(
                    reopening ? .reopened : .stateChanged, by: caller.actor, at: now, text: text, from: from, to: target
                ))
            if reopening {
                ticket.reopenCount += 1
                if let resolved = ticket.resolveTime {
                    ticket.clock.reopen(resolvedAt: resolved, at: now, on: timeline)
                }
            }
            if target == .resolved {
                ticket.resolution = text
                ticket.resolveTime = now
                ticket.reach(.resolution, at: now, on: timeline, change: &change)
                change.alerts.append(
                    (
                        PendingAlert.forMember(
                            ticket, key: "resolved", summary: "Yêu cầu \(ticket.ticketID) đã được xử lý",
                            detail: TicketAlertTexts.resolved(ticket)), 0
                    ))
            } else if caller.isOperator, TicketLifecycle.answersMember(to: target) {
                ticket.reach(.firstResponse, at: now, on: timeline, change: &change)
                change.alerts.append(
                    (
                        PendingAlert.forMember(
                            ticket, key: "answered", summary: "Phản hồi yêu cầu \(ticket.ticketID)",
                            detail: TicketAlertTexts.answered(
                                ticket, text: text.isEmpty ? "Trạng thái mới: \(target.word)" : text)), 0
                    ))
            }
            if target == .waitingForMember { ticket.clock.pause(at: now) }
        }.0
    }

    func assignTicket(
        request: Vdxp_Ticket_V1_AssignTicketRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        let caller = try TicketCaller.current()
        try caller.requireOperator("assign a ticket")
        let assignee = request.assignee.trimmingCharacters(in: .whitespaces)
        guard assignee.codePointCount <= 200, !assignee.contains(where: \.isNewline) else {
            throw TicketError.invalidField(
                field: "assignee", message: "assignee must be the <name> of an operator:<name> certificate")
        }
        let now = clock.now()
        let (ticket, _) = try await change(request.ticketID, by: caller, now: now) { ticket, change in
            guard ticket.state != .closed else {
                throw TicketError.ticketNotOpen(ticketID: ticket.ticketID, state: ticket.state, action: "assign")
            }
            guard ticket.assignee != assignee else { return }
            ticket.assignee = assignee
            change.events.append(.make(.assigned, by: caller.actor, at: now, text: assignee))
        }
        return try await proto(ticket, now: now, withAttachments: true)
    }

    func setTicketPriority(
        request: Vdxp_Ticket_V1_SetTicketPriorityRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        let caller = try TicketCaller.current()
        try caller.requireOperator("change a ticket's priority")
        let priority = try Self.priority(request.priority, default: nil)
        let now = clock.now()
        let (ticket, _) = try await change(request.ticketID, by: caller, now: now) { ticket, change in
            guard ticket.state != .closed else {
                throw TicketError.ticketNotOpen(ticketID: ticket.ticketID, state: ticket.state, action: "reprioritise")
            }
            guard ticket.priority != priority else { return }
            ticket.priority = priority
            change.events.append(.make(.priorityChanged, by: caller.actor, at: now, text: priority.word))
        }
        return try await proto(ticket, now: now, withAttachments: true)
    }
}
