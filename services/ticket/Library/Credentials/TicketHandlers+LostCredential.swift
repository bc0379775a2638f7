import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Lost or stolen credentials (Art. 16.5): an URGENT ACCOUNT ticket, a CREDENTIAL_LOSS notice, and the account
/// locked in Central — at once when Central answers, otherwise by ``CredentialLockRetrier``.
extension TicketHandlers {
    func reportLostCredential(
        request: Vdxp_Ticket_V1_ReportLostCredentialRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_ReportLostCredentialResponse {
        let caller = try TicketCaller.current()
        let username = try Validate.text(request.username, field: "username", maximum: 100).lowercased()
        let description = try Validate.text(request.description_p, field: "description", maximum: 5_000)
        let organisationID: String
        switch caller.kind {
        case .member(let own, _, let isAdministrator):
            guard request.organisationID.isEmpty || request.organisationID == own else {
                throw TicketError.notOwnOrganisation(field: "organisation_id", organisationID: request.organisationID)
            }
            let isSelf = caller.actor.kind == .account && caller.actor.name.lowercased() == username
            guard isAdministrator || isSelf else {
                throw TicketError.memberOnly(
                    action: "report another account's credentials lost (a MEMBER_ADMIN, or the account itself)")
            }
            organisationID = own
        case .operator:
            organisationID = try member(request.organisationID)
        case .service, .auditor:
            throw TicketError.operatorOnly(action: "report a lost credential")
        }
        let now = clock.now()
        // Before the answer when Central is reachable; a report naming no account of the member is refused.
        var lockTime: Date?
        do throws(CentralAccountLocker.Failure) {
            try await accountLocker.lock(
                organisationID: organisationID, username: username,
                reason: "lost or stolen credentials, reported by \(caller.actor.name) (Art. 16.5)")
            lockTime = clock.now()
        } catch {
            switch error {
            case .noSuchAccount:
                throw TicketError.invalidField(
                    field: "username", message: "username: \(organisationID) has no account '\(username)' in Central")
            case .unreachable(let why):
                logger.warning("account lock deferred", metadata: ["account": "\(username)", "error": "\(why)"])
            }
        }
        let locked = lockTime
        let policy = settings.policies[.account]!
        let timeline = settings.timeline(policy)
        let (tickets, events, notices, outbox, credentialLocks) = (
            self.tickets, self.events, self.notices, self.outbox, self.credentialLocks
        )
        let handlers = self
        let report = try await database.transaction(logger: logger) { connection -> LostCredentialReport in
            // One open report per account: a report repeated while the first is open (a member's system retrying, or
            // in a loop) answers that report, and adds neither a ticket, nor a notice, nor an alert.
            try await tickets.lockQuotas(of: organisationID, on: connection)
            if let open = try await credentialLocks.openReport(of: organisationID, username: username, on: connection),
                let ticket = try await tickets.ticket(open.ticketID, on: connection, forUpdate: true),
                let notice = try await notices.notice(ofTicket: open.ticketID, kind: .credentialLoss, on: connection)
            {
                var lockTime = open.lockTime
                if let locked, try await credentialLocks.markLocked(ticket.ticketID, at: locked, on: connection) {
                    lockTime = locked
                    try await events.append(
                        .make(
                            .commented, by: .ticketService, at: locked,
                            text: LostCredentialTexts.locked(username: username, at: locked)),
                        to: ticket.ticketID, on: connection)
                }
                return LostCredentialReport(
                    ticket: ticket, notice: notice, timeline: handlers.timeline(ticket), locked: lockTime,
                    repeated: true)
            }
            let year = CalendarDate(now).year
            let number = try await tickets.nextNumber(prefix: "TK", year: year, on: connection)
            let subject = "Mất hoặc lộ thông tin đăng nhập của tài khoản \(username)"
            let ticket = TicketRecord(
                ticketID: TicketIdentifiers.ticket(year: year, number: number), organisationID: organisationID,
                category: .account, priority: .urgent, channel: caller.isOperator ? .hotline : .api,
                subject: subject, description: description, openedBy: caller.actor,
                reportedBy: caller.isOperator ? "reported to operator \(caller.actor.name)" : "", incidentID: "",
                relatedTicketID: "", receiveTime: now, now: now, policy: policy)
            try await tickets.insert(ticket, dueTime: ticket.clock.dueTime(on: timeline, now: now), on: connection)
            try await events.append(
                .make(.opened, by: caller.actor, at: now, text: subject, to: .new), to: ticket.ticketID,
                on: connection)
            try await credentialLocks.insert(
                ticketID: ticket.ticketID, organisationID: organisationID, username: username, at: now,
                on: connection)
            if let locked {
                try await credentialLocks.markLocked(ticket.ticketID, at: locked, on: connection)
                try await events.append(
                    .make(
                        .commented, by: .ticketService, at: locked,
                        text: LostCredentialTexts.locked(username: username, at: locked)),
                    to: ticket.ticketID, on: connection)
            }
            let noticeNumber = try await tickets.nextNumber(prefix: "NT", year: year, on: connection)
            let notice = Vdxp_Ticket_V1_OperatorNotice.with {
                $0.noticeID = TicketIdentifiers.notice(year: year, number: noticeNumber)
                $0.kind = .credentialLoss
                $0.organisationID = organisationID
                $0.subject = subject
                $0.body = LostCredentialTexts.notice(
                    username: username, description: description, ticketID: ticket.ticketID, locked: locked)
                $0.ticketID = ticket.ticketID
                $0.issuedBy = .ticketService
                $0.issueTime = Google_Protobuf_Timestamp(date: now)
            }
            try await notices.insert(notice, on: connection)
            try await outbox.enqueue(
                PendingAlert(
                    idempotencyKey: "notice/\(notice.noticeID)/sent", kind: .operatorNotice, severity: .critical,
                    organisationID: organisationID, toOperators: false, channels: [.email, .sms],
                    summary: "Thông báo \(notice.noticeID): \(subject)", detail: notice.body,
                    reference: notice.noticeID),
                at: now, on: connection)
            return LostCredentialReport(
                ticket: ticket, notice: notice, timeline: timeline, locked: locked, repeated: false)
        }
        logger.notice(
            report.repeated ? "lost credential reported again while its report is open" : "lost credential reported",
            metadata: [
                "ticket": "\(report.ticket.ticketID)", "account": "\(username)", "locked": "\(report.locked != nil)",
            ])
        return .with {
            $0.ticket = report.ticket.proto(on: report.timeline, now: now)
            $0.notice = report.notice
            $0.accountLocked = report.locked != nil
        }
    }
}

/// What a report of a lost credential answers: its ticket and notice, new or those of the account's open report.
struct LostCredentialReport: Sendable {
    var ticket: TicketRecord
    var notice: Vdxp_Ticket_V1_OperatorNotice
    var timeline: SlaTimeline
    var locked: Date?
    var repeated: Bool
}

/// The words of a lost credential's history and notice.
enum LostCredentialTexts {
    static func locked(username: String, at time: Date) -> String {
        "Tài khoản \(username) đã được khóa tại Central lúc \(VietnamTime.text(time)) (Điều 16.5)."
    }

    static func noSuchAccount(username: String, organisationID: String) -> String {
        "Không khóa được tài khoản \(username): Central không có tài khoản này của \(organisationID) (tên tài khoản "
            + "chưa kiểm tra được khi tiếp nhận vì Central tạm thời không liên lạc được). Đơn vị vận hành liên hệ đơn "
            + "vị để xác định đúng tên tài khoản và khóa tài khoản đó (Điều 16.5)."
    }

    static func notice(username: String, description: String, ticketID: String, locked: Date?) -> String {
        let lock =
            locked.map { "Tài khoản đã được khóa lúc \(VietnamTime.text($0))." }
            ?? "Tài khoản đang được khóa; yêu cầu \(ticketID) ghi lại thời điểm khóa."
        return """
            Đơn vị vận hành đã tiếp nhận thông báo mất, lộ thông tin đăng nhập của tài khoản \(username) (Điều 16.5).
            \(lock)
            Nội dung báo: \(description)
            Để mở khóa, quản trị viên của đơn vị đề nghị đơn vị vận hành sau khi đổi mật khẩu.
            """
    }
}
