import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Operator notices (`ticket.notices`) and the members' acknowledgements (`ticket.notice_acknowledgements`).
struct NoticeStore: Sendable {
    let database: Database
    let logger: Logger

    /// Stores a new notice.
    func insert(_ notice: Vdxp_Ticket_V1_OperatorNotice, on connection: PostgresConnection) async throws {
        let due: Date? = notice.hasDueTime ? notice.dueTime.date : nil
        try await database.query(
            """
            INSERT INTO ticket.notices
                (notice_id, kind, organisation_id, subject, body, due_time, ticket_id, issued_by_kind, issued_by_name,
                 issued_by_organisation, issue_time)
            VALUES (\(notice.noticeID), \(notice.kind), \(notice.organisationID), \(notice.subject), \(notice.body),
                    \(due), \(notice.ticketID), \(notice.issuedBy.kind), \(notice.issuedBy.name),
                    \(notice.issuedBy.organisationID), \(notice.issueTime.date))
            """, on: connection, logger: logger)
    }

    /// The notice `noticeID` with `viewer`'s acknowledgement (or, for the operator, that of the notice's member).
    func notice(_ noticeID: String, viewer: String?) async throws -> Vdxp_Ticket_V1_OperatorNotice? {
        let rows = try await database.query(
            """
            SELECT n.*, a.acknowledge_time, a.by_kind, a.by_name, a.organisation_id AS by_organisation
            FROM ticket.notices n
            LEFT JOIN ticket.notice_acknowledgements a
              ON a.notice_id = n.notice_id AND a.organisation_id = CASE WHEN \(viewer == nil) THEN n.organisation_id ELSE \(viewer ?? "") END
            WHERE n.notice_id = \(noticeID)
            """, logger: logger)
        for try await row in rows { return try Self.notice(row) }
        return nil
    }

    /// The notice of `kind` issued with ticket `ticketID`, with its member's acknowledgement.
    func notice(
        ofTicket ticketID: String, kind: Vdxp_Ticket_V1_NoticeKind, on connection: PostgresConnection
    ) async throws -> Vdxp_Ticket_V1_OperatorNotice? {
        let rows = try await database.query(
            """
            SELECT n.*, a.acknowledge_time, a.by_kind, a.by_name, a.organisation_id AS by_organisation
            FROM ticket.notices n
            LEFT JOIN ticket.notice_acknowledgements a
              ON a.notice_id = n.notice_id AND a.organisation_id = n.organisation_id
            WHERE n.ticket_id = \(ticketID) AND n.kind = \(kind)
            ORDER BY n.issue_time LIMIT 1
            """, on: connection, logger: logger)
        for try await row in rows { return try Self.notice(row) }
        return nil
    }

    /// One page of notices, newest first, after `cursor` (keyset): for a member (`viewer`) its own and those to all;
    /// for the operator (`viewer` nil) those of `organisationID`, or all when it is empty.
    func list(
        viewer: String?, organisationID: String, unacknowledgedOnly: Bool, after cursor: NoticeCursor?, limit: Int
    ) async throws -> [Vdxp_Ticket_V1_OperatorNotice] {
        let rows = try await database.query(
            """
            SELECT n.*, a.acknowledge_time, a.by_kind, a.by_name, a.organisation_id AS by_organisation
            FROM ticket.notices n
            LEFT JOIN ticket.notice_acknowledgements a
              ON a.notice_id = n.notice_id AND a.organisation_id = CASE WHEN \(viewer == nil) THEN n.organisation_id ELSE \(viewer ?? "") END
            WHERE (\(viewer == nil) OR n.organisation_id IN (\(viewer ?? ""), ''))
              AND (\(organisationID) = '' OR n.organisation_id = \(organisationID))
              AND (NOT \(unacknowledgedOnly) OR a.acknowledge_time IS NULL)
              AND (\(cursor == nil) OR (n.issue_time, n.notice_id) < (\(cursor?.issueTime ?? Date()), \(cursor?.noticeID ?? "")))
            ORDER BY n.issue_time DESC, n.notice_id DESC
            LIMIT \(limit)
            """, logger: logger)
        var notices: [Vdxp_Ticket_V1_OperatorNotice] = []
        for try await row in rows { notices.append(try Self.notice(row)) }
        return notices
    }

    /// Records `organisationID`'s acknowledgement of `noticeID` (the first one stays).
    func acknowledge(
        _ noticeID: String, organisationID: String, by actor: Vdxp_Ticket_V1_Actor, at time: Date
    ) async throws {
        try await database.query(
            """
            INSERT INTO ticket.notice_acknowledgements (notice_id, organisation_id, acknowledge_time, by_kind, by_name)
            VALUES (\(noticeID), \(organisationID), \(time), \(actor.kind), \(actor.name))
            ON CONFLICT (notice_id, organisation_id) DO NOTHING
            """, logger: logger)
    }

    private static func notice(_ row: PostgresRow) throws -> Vdxp_Ticket_V1_OperatorNotice {
        let row = row.makeRandomAccess()
        return try .with {
            $0.noticeID = try row["notice_id"].decode(String.self)
            $0.kind = try row["kind"].decode(Vdxp_Ticket_V1_NoticeKind.self)
            $0.organisationID = try row["organisation_id"].decode(String.self)
            $0.subject = try row["subject"].decode(String.self)
            $0.body = try row["body"].decode(String.self)
            if let due = try row["due_time"].decode(Date?.self) { $0.dueTime = Google_Protobuf_Timestamp(date: due) }
            $0.ticketID = try row["ticket_id"].decode(String.self)
            $0.issuedBy = .make(
                try row["issued_by_kind"].decode(Vdxp_Ticket_V1_ActorKind.self),
                try row["issued_by_name"].decode(String.self), try row["issued_by_organisation"].decode(String.self))
            $0.issueTime = Google_Protobuf_Timestamp(date: try row["issue_time"].decode(Date.self))
            if let acknowledged = try row["acknowledge_time"].decode(Date?.self) {
                $0.acknowledgeTime = Google_Protobuf_Timestamp(date: acknowledged)
                $0.acknowledgedBy = .make(
                    try row["by_kind"].decode(Vdxp_Ticket_V1_ActorKind.self), try row["by_name"].decode(String.self),
                    try row["by_organisation"].decode(String.self))
            }
        }
    }
}

/// Where a page of `ListNotices` ends: the last notice shown.
struct NoticeCursor: Codable, Sendable {
    var issueTime: Date
    var noticeID: String
}
