import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The operator's notices to members: remediation demands (Art. 9.4), security updates (Art. 17.3) and root-cause
/// follow-ups (Art. 21.5); read and acknowledged by the members.
extension TicketHandlers {
    func sendNotice(
        request: Vdxp_Ticket_V1_SendNoticeRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_OperatorNotice {
        let caller = try TicketCaller.current()
        try caller.requireOperator("send a notice")
        let kind = request.kind
        switch kind {
        case .remediationDemand, .securityUpdate, .rootCauseFollowUp: break
        case .credentialLoss:
            throw TicketError.invalidField(
                field: "kind", message: "kind CREDENTIAL_LOSS notices come from ReportLostCredential")
        case .unspecified, .UNRECOGNIZED:
            throw TicketError.invalidField(
                field: "kind", message: "kind is required: REMEDIATION_DEMAND, SECURITY_UPDATE or ROOT_CAUSE_FOLLOW_UP")
        }
        // To every connected member: a security update, or the root-cause follow-up of a platform incident.
        let toEveryMember = request.organisationID.isEmpty && (kind == .securityUpdate || kind == .rootCauseFollowUp)
        let organisationID = try toEveryMember ? "" : member(request.organisationID)
        let subject = try Validate.text(request.subject, field: "subject", maximum: 200)
        let body = try Validate.text(request.body, field: "body", maximum: 20_000)
        let now = clock.now()
        if kind == .remediationDemand || kind == .securityUpdate {
            guard request.hasDueTime else {
                throw TicketError.invalidField(field: "due_time", message: "due_time is required: by when to act")
            }
            guard request.dueTime.date > now else {
                throw TicketError.invalidField(field: "due_time", message: "due_time must be in the future")
            }
        }
        if kind == .rootCauseFollowUp && request.ticketID.isEmpty {
            throw TicketError.invalidField(
                field: "ticket_id", message: "ticket_id is required: the incident's ticket this follow-up is about")
        }
        let linkedID = String(request.ticketID.prefix(64))
        let (tickets, events, notices, outbox) = (self.tickets, self.events, self.notices, self.outbox)
        let requestID = try Self.requestID(request.requestID)
        let sent = try await database.transaction(logger: logger) { connection -> SentNotice in
            if let earlier = try await self.earlier(requestID, by: caller, method: "SendNotice", on: connection) {
                return .earlier(noticeID: earlier)
            }
            // The linked ticket, locked so that its history takes the NOTICE_SENT event in order.
            var linked: TicketRecord?
            if !linkedID.isEmpty {
                guard let ticket = try await tickets.ticket(linkedID, on: connection, forUpdate: true) else {
                    throw TicketError.relatedTicketNotFound(field: "ticket_id", ticketID: linkedID)
                }
                try Self.checkLink(ticket, organisationID: organisationID)
                linked = ticket
            }
            let year = CalendarDate(now).year
            let number = try await tickets.nextNumber(prefix: "NT", year: year, on: connection)
            let notice = Vdxp_Ticket_V1_OperatorNotice.with {
                $0.noticeID = TicketIdentifiers.notice(year: year, number: number)
                $0.kind = kind
                $0.organisationID = organisationID
                $0.subject = subject
                $0.body = body
                if request.hasDueTime { $0.dueTime = request.dueTime }
                $0.ticketID = linked?.ticketID ?? ""
                $0.issuedBy = caller.actor
                $0.issueTime = Google_Protobuf_Timestamp(date: now)
            }
            try await notices.insert(notice, on: connection)
            if let linked {
                let to = organisationID.isEmpty ? "every member" : organisationID
                try await events.append(
                    .make(.noticeSent, by: caller.actor, at: now, text: "\(notice.noticeID) to \(to): \(subject)"),
                    to: linked.ticketID, on: connection)
            }
            try await outbox.enqueue(
                PendingAlert(
                    idempotencyKey: "notice/\(notice.noticeID)/sent", kind: .operatorNotice,
                    severity: kind == .securityUpdate || kind == .remediationDemand ? .warning : .info,
                    organisationID: organisationID, toOperators: false, channels: [.email],
                    summary: "Thông báo \(notice.noticeID): \(subject)", detail: body, reference: notice.noticeID),
                at: now, on: connection)
            try await self.made(notice.noticeID, requestID: requestID, by: caller, on: connection)
            return .new(notice)
        }
        switch sent {
        case .new(let notice):
            return notice
        case .earlier(let noticeID):
            guard let notice = try await notices.notice(noticeID, viewer: nil) else {
                throw TicketError.noticeNotFound(noticeID: noticeID)
            }
            return notice
        }
    }

    /// What `SendNotice` did: sent a notice, or found the one an earlier call with the same `request_id` sent.
    private enum SentNotice: Sendable {
        case new(Vdxp_Ticket_V1_OperatorNotice)
        case earlier(noticeID: String)
    }

    /// A notice to `organisationID` (empty: every member) may link that member's own ticket or a platform incident's
    /// ticket (no member); a notice to every member only a platform incident's — never another member's ticket,
    /// whose existence the addressee must not learn.
    static func checkLink(_ ticket: TicketRecord, organisationID: String) throws(TicketError) {
        if ticket.organisationID.isEmpty || ticket.organisationID == organisationID { return }
        let addressee = organisationID.isEmpty ? "every member" : "member \(organisationID)"
        throw .invalidField(
            field: "ticket_id",
            message: "ticket_id \(ticket.ticketID) is member \(ticket.organisationID)'s ticket: a notice to "
                + "\(addressee) may link only a platform incident's ticket"
                + (organisationID.isEmpty ? "" : " or one of \(organisationID)'s own"))
    }

    func listNotices(
        request: Vdxp_Ticket_V1_ListNoticesRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ListNoticesResponse {
        let caller = try TicketCaller.current()
        var organisationID = request.organisationID
        if let own = caller.organisationID {
            guard organisationID.isEmpty || organisationID == own else {
                throw TicketError.notOwnOrganisation(field: "organisation_id", organisationID: organisationID)
            }
            organisationID = ""
        }
        let limit = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = caller.pageScope(
            "ListNotices", filter: [organisationID, String(request.unacknowledgedOnly)])
        let cursor = try PageToken<NoticeCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let page = try await notices.list(
            viewer: caller.organisationID, organisationID: organisationID,
            unacknowledgedOnly: request.unacknowledgedOnly, after: cursor, limit: limit + 1)
        var response = Vdxp_Ticket_V1_ListNoticesResponse()
        response.notices = Array(page.prefix(limit))
        if page.count > limit, let last = response.notices.last {
            response.nextPageToken = try PageToken(
                NoticeCursor(issueTime: last.issueTime.date, noticeID: last.noticeID)
            )
            .encoded(scope: scope)
        }
        return response
    }

    func acknowledgeNotice(
        request: Vdxp_Ticket_V1_AcknowledgeNoticeRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_OperatorNotice {
        let caller = try TicketCaller.current()
        guard case .member(let own, _, let isAdministrator) = caller.kind else {
            throw TicketError.memberOnly(action: "acknowledge a notice")
        }
        guard isAdministrator else {
            throw TicketError.memberOnly(action: "acknowledge a notice (sign in as a MEMBER_ADMIN)")
        }
        guard !request.noticeID.isEmpty else {
            throw TicketError.invalidField(field: "notice_id", message: "notice_id is required (e.g. NT-2026-0001)")
        }
        guard let notice = try await notices.notice(String(request.noticeID.prefix(64)), viewer: own),
            notice.organisationID.isEmpty || notice.organisationID == own
        else { throw TicketError.noticeNotFound(noticeID: String(request.noticeID.prefix(64))) }
        try await notices.acknowledge(notice.noticeID, organisationID: own, by: caller.actor, at: clock.now())
        return try await notices.notice(notice.noticeID, viewer: own) ?? notice
    }
}
