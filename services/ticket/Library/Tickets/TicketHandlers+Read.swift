import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Reading tickets and their history: a member its own, the operator all.
extension TicketHandlers {
    func getTicket(
        request: Vdxp_Ticket_V1_GetTicketRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_Ticket {
        let caller = try TicketCaller.current()
        let ticket = try await visibleTicket(request.ticketID, to: caller)
        return try await proto(ticket, now: clock.now(), withAttachments: true)
    }

    func listTickets(
        request: Vdxp_Ticket_V1_ListTicketsRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ListTicketsResponse {
        let caller = try TicketCaller.current()
        var organisationID = request.organisationID
        if let own = caller.organisationID {
            guard organisationID.isEmpty || organisationID == own else {
                throw TicketError.notOwnOrganisation(field: "organisation_id", organisationID: organisationID)
            }
            guard request.assignee.isEmpty else { throw TicketError.operatorOnly(action: "filter by assignee") }
            organisationID = own
        }
        for (index, state) in request.states.enumerated() where !TicketLifecycle.isKnown(state) {
            throw TicketError.invalidField(field: "states[\(index)]", message: "states[\(index)] is not a ticket state")
        }
        guard Set(request.states).count == request.states.count else {
            throw TicketError.invalidField(
                field: "states", message: "states names a state more than once: list each state at most once")
        }
        let category: Vdxp_Ticket_V1_TicketCategory =
            try request.category == .unspecified ? .unspecified : Self.category(request.category)
        let limit = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let filter = TicketFilter(
            organisationID: organisationID, states: request.states, category: category,
            assignee: String(request.assignee.prefix(200)), breachedOnly: request.breachedOnly)
        let scope = caller.pageScope(
            "ListTickets",
            filter: [
                organisationID, request.states.map { String($0.rawValue) }.joined(separator: ","),
                String(category.rawValue), filter.assignee, String(request.breachedOnly),
            ])
        let cursor = try PageToken<TicketCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let page = try await tickets.list(filter, after: cursor, limit: limit + 1)
        let now = clock.now()
        var response = Vdxp_Ticket_V1_ListTicketsResponse()
        for ticket in page.prefix(limit) { response.tickets.append(try await proto(ticket, now: now)) }
        if page.count > limit, let last = page.prefix(limit).last {
            response.nextPageToken = try PageToken(TicketCursor(receiveTime: last.receiveTime, ticketID: last.ticketID))
                .encoded(scope: scope)
        }
        return response
    }

    func listTicketEvents(
        request: Vdxp_Ticket_V1_ListTicketEventsRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ListTicketEventsResponse {
        let caller = try TicketCaller.current()
        let ticket = try await visibleTicket(request.ticketID, to: caller)
        let limit = try Validate.pageSize(request.pageSize, default: 100, maximum: 500)
        let scope = caller.pageScope("ListTicketEvents", filter: [ticket.ticketID])
        let after = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? 0
        let page = try await events.list(
            ticketID: ticket.ticketID, includeInternal: caller.isOperator, afterSequence: after, limit: limit + 1)
        return try .with {
            $0.events = Array(page.prefix(limit))
            if page.count > limit, let last = page.prefix(limit).last {
                $0.nextPageToken = try PageToken(last.sequence).encoded(scope: scope)
            }
        }
    }
}

extension TicketLifecycle {
    /// Whether `state` is one of the contract's states (not UNSPECIFIED or unknown).
    static func isKnown(_ state: State) -> Bool {
        switch state {
        case .new, .acknowledged, .inProgress, .waitingForMember, .resolved, .closed: true
        case .unspecified, .UNRECOGNIZED: false
        }
    }
}
