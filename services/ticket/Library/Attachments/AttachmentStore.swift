import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Tickets' attachments (`ticket.attachments`): their bytes in PostgreSQL, bounded by the settings.
struct AttachmentStore: Sendable {
    let database: Database
    let logger: Logger

    /// The columns of a description, without the bytes.
    private static let columns = """
        attachment_id, file_name, media_type, size_bytes, sha256, added_by_kind, added_by_name, added_by_organisation,
        add_time
        """

    /// How many attachments `ticketID` has.
    func count(ticketID: String, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            "SELECT count(*) FROM ticket.attachments WHERE ticket_id = \(ticketID)", on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// How many bytes the accounts and the system of `organisationID` attached since `start` (the operator's
    /// attachments to its tickets are not counted).
    func bytesAdded(byMember organisationID: String, since start: Date, on connection: PostgresConnection)
        async throws -> Int
    {
        try await database.query(
            """
            SELECT coalesce(sum(size_bytes), 0)::bigint FROM ticket.attachments
            WHERE added_by_organisation = \(organisationID) AND add_time > \(start)
              AND added_by_kind IN (\(Vdxp_Ticket_V1_ActorKind.account), \(Vdxp_Ticket_V1_ActorKind.memberSystem))
            """, on: connection, logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// Stores an attachment as the next of `ticketID` (which the caller has locked) and returns its description.
    func insert(
        ticketID: String, fileName: String, mediaType: String, content: Data, sha256: Data,
        by actor: Vdxp_Ticket_V1_Actor, at time: Date, on connection: PostgresConnection
    ) async throws -> Vdxp_Ticket_V1_TicketAttachment {
        let id =
            try await database.query(
                """
                INSERT INTO ticket.attachments
                    (ticket_id, attachment_id, file_name, media_type, size_bytes, sha256, content, added_by_kind,
                     added_by_name, added_by_organisation, add_time)
                SELECT \(ticketID), coalesce(max(attachment_id), 0) + 1, \(fileName), \(mediaType), \(content.count),
                       \(sha256), \(content), \(actor.kind), \(actor.name), \(actor.organisationID), \(time)
                FROM ticket.attachments WHERE ticket_id = \(ticketID)
                RETURNING attachment_id
                """, on: connection, logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        return .with {
            $0.attachmentID = Int32(id)
            $0.fileName = fileName
            $0.mediaType = mediaType
            $0.sizeBytes = Int64(content.count)
            $0.sha256 = sha256
            $0.addedBy = actor
            $0.addTime = Google_Protobuf_Timestamp(date: time)
        }
    }

    /// The descriptions of the attachments of `ticketID`, in order.
    func descriptions(ticketID: String) async throws -> [Vdxp_Ticket_V1_TicketAttachment] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM ticket.attachments WHERE ticket_id = \(ticketID)
            ORDER BY attachment_id
            """, logger: logger)
        var result: [Vdxp_Ticket_V1_TicketAttachment] = []
        for try await row in rows { result.append(try Self.description(row)) }
        return result
    }

    /// One attachment with its bytes.
    func content(ticketID: String, attachmentID: Int32) async throws -> Vdxp_Ticket_V1_AttachmentContent? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns), content FROM ticket.attachments
            WHERE ticket_id = \(ticketID) AND attachment_id = \(Int(attachmentID))
            """, logger: logger)
        for try await row in rows {
            let description = try Self.description(row)
            let content = try row.makeRandomAccess()["content"].decode(ByteBuffer.self)
            return .with {
                $0.attachment = description
                $0.content = Data(content.readableBytesView)
            }
        }
        return nil
    }

    private static func description(_ row: PostgresRow) throws -> Vdxp_Ticket_V1_TicketAttachment {
        let row = row.makeRandomAccess()
        return try .with {
            $0.attachmentID = Int32(try row["attachment_id"].decode(Int.self))
            $0.fileName = try row["file_name"].decode(String.self)
            $0.mediaType = try row["media_type"].decode(String.self)
            $0.sizeBytes = try row["size_bytes"].decode(Int64.self)
            $0.sha256 = Data(try row["sha256"].decode(ByteBuffer.self).readableBytesView)
            $0.addedBy = .make(
                try row["added_by_kind"].decode(Vdxp_Ticket_V1_ActorKind.self),
                try row["added_by_name"].decode(String.self), try row["added_by_organisation"].decode(String.self))
            $0.addTime = Google_Protobuf_Timestamp(date: try row["add_time"].decode(Date.self))
        }
    }
}
