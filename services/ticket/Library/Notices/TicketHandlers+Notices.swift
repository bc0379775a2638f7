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
        var organisationID = ""
        if !(kind == .securityUpdate && request.organisationID.isEmpty) {
            organisationID = try member(request.organisationID)
        }
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
        var ticketID = ""
        if !request.ticketID.isEmpty || kind == .rootCauseFollowUp {
            guard !request.ticketID.isEmpty else {
                throw TicketError.invalidField(
                    field: "ticket_id", message: "ticket_id is required: the incident's ticket this follow-up is about")
            }
            guard let ticket = try await tickets.ticket(String(request.ticketID.prefix(64))),
                organisationID.isEmpty || ticket.organisationID == organisationID
            else { throw TicketError.relatedTicketNotFound(field: "ticket_id", ticketID: request.ticketID) }
            ticketID = ticket.ticketID
        }
        let (tickets, notices, outbox) = (self.tickets, self.notices, self.outbox)
        let notice = try await database.transaction(logger: logger) { connection in
            let year = CalendarDate(now).year
            let number = try await tickets.nextNumber(prefix: "NT", year: year, on: connection)
            let notice = Vdxp_Ticket_V1_OperatorNotice.with {
                $0.noticeID = TicketIdentifiers.notice(year: year, number: number)
                $0.kind = kind
                $0.organisationID = organisationID
                $0.subject = subject
                $0.body = body
                if request.hasDueTime { $0.dueTime = request.dueTime }
                $0.ticketID = ticketID
                $0.issuedBy = caller.actor
                $0.issueTime = Google_Protobuf_Timestamp(date: now)
            }
            try await notices.insert(notice, on: connection)
            try await outbox.enqueue(
                PendingAlert(
                    idempotencyKey: "notice/\(notice.noticeID)/sent", kind: .operatorNotice,
                    severity: kind == .securityUpdate || kind == .remediationDemand ? .warning : .info,
                    organisationID: organisationID, toOperators: false, channels: [.email],
                    summary: "Thông báo \(notice.noticeID): \(subject)", detail: body, reference: notice.noticeID),
                at: now, on: connection)
            return notice
        }
        return notice
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
