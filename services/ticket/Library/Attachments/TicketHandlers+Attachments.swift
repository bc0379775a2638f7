import Crypto
import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Attachments: screenshots, logs and error reports, kept in the database within the settings' limits.
extension TicketHandlers {
    func addAttachment(
        request: Vdxp_Ticket_V1_AddAttachmentRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_TicketAttachment {
        let caller = try TicketCaller.current()
        try caller.requireWrite("attach a file")
        let fileName = try Validate.text(request.fileName, field: "file_name", maximum: 255)
        guard !fileName.contains("/"), !fileName.contains("\\"), !fileName.contains(where: \.isNewline) else {
            throw TicketError.invalidField(
                field: "file_name", message: "file_name must be a bare file name, without / or \\ or line breaks")
        }
        let mediaType = request.mediaType.isEmpty ? "application/octet-stream" : request.mediaType
        guard mediaType.codePointCount <= 200, mediaType.contains("/"), !mediaType.contains(where: \.isWhitespace)
        else {
            throw TicketError.invalidField(
                field: "media_type", message: "media_type must be a media type such as application/pdf")
        }
        guard !request.content.isEmpty else {
            throw TicketError.invalidField(field: "content", message: "content is required: the file's bytes")
        }
        let maximum = settings.maximumAttachmentBytes
        guard request.content.count <= maximum else {
            throw TicketError.attachmentTooLarge(size: request.content.count, maximum: maximum)
        }
        let requestID = try Self.requestID(request.requestID)
        let content = request.content
        let sha256 = Data(SHA256.hash(data: content))
        let now = clock.now()
        let handlers = self
        do {
            return try await database.transaction(logger: logger) { connection in
                try await handlers.attach(
                    request, fileName: fileName, mediaType: mediaType, sha256: sha256, requestID: requestID,
                    by: caller, now: now, on: connection)
            }
        } catch let repeated as RepeatedAttachment {
            // A retry with the first call's request_id: the transaction was rolled back; that call's attachment is
            // returned and the file is stored once.
            let parts = repeated.resourceID.split(separator: "#")
            guard parts.count == 2, let attachmentID = Int32(parts[1]),
                let attachment = try await attachments.descriptions(ticketID: String(parts[0])).first(where: {
                    $0.attachmentID == attachmentID
                })
            else { throw TicketError.ticketNotFound(ticketID: String(request.ticketID.prefix(64))) }
            return attachment
        }
    }

    /// An attachment call whose request_id an earlier call used: `resourceID` names that call's attachment
    /// (`<ticket>#<attachment id>`).
    private struct RepeatedAttachment: Error {
        let resourceID: String
    }

    /// Stores the file of a checked `request` in `connection`'s transaction, with its event, within the ticket's and
    /// the member's limits.
    private func attach(
        _ request: Vdxp_Ticket_V1_AddAttachmentRequest, fileName: String, mediaType: String, sha256: Data,
        requestID: String?, by caller: TicketCaller, now: Date, on connection: PostgresConnection
    ) async throws -> Vdxp_Ticket_V1_TicketAttachment {
        let content = request.content
        let (maximumCount, maximumMemberBytes) = (
            settings.maximumAttachments, settings.maximumAttachmentBytesPerMemberDay
        )
        var ticket = try await visibleTicket(request.ticketID, to: caller, on: connection, forUpdate: true)
        if let earlier = try await self.earlier(requestID, by: caller, method: "AddAttachment", on: connection) {
            throw RepeatedAttachment(resourceID: earlier)
        }
        guard ticket.state != .closed else {
            throw TicketError.ticketNotOpen(
                ticketID: ticket.ticketID, state: ticket.state, action: "attach files to")
        }
        guard try await attachments.count(ticketID: ticket.ticketID, on: connection) < maximumCount else {
            throw TicketError.tooManyAttachments(maximum: maximumCount)
        }
        if case .member(let member, _, _) = caller.kind {
            // What a member attaches across its tickets is bounded per 24 hours; the operator's is not counted.
            try await tickets.lockQuotas(of: member, on: connection)
            let added = try await attachments.bytesAdded(
                byMember: member, since: now.addingTimeInterval(-86_400), on: connection)
            guard added + content.count <= maximumMemberBytes else {
                throw TicketError.memberAttachmentBytesExhausted(
                    organisationID: member, maximum: maximumMemberBytes)
            }
        }
        let attachment = try await attachments.insert(
            ticketID: ticket.ticketID, fileName: fileName, mediaType: mediaType, content: content, sha256: sha256,
            by: caller.actor, at: now, on: connection)
        try await events.append(
            .make(
                .attachmentAdded, by: caller.actor, at: now, text: fileName, attachmentID: attachment.attachmentID),
            to: ticket.ticketID, on: connection)
        ticket.updateTime = now
        try await tickets.update(ticket, timeline: timeline(ticket), now: now, on: connection)
        try await made(
            "\(ticket.ticketID)#\(attachment.attachmentID)", requestID: requestID, by: caller, on: connection)
        return attachment
    }

    func getAttachment(
        request: Vdxp_Ticket_V1_GetAttachmentRequest, context: ServerContext
    ) async throws -> Vdxp_Ticket_V1_AttachmentContent {
        let caller = try TicketCaller.current()
        let ticket = try await visibleTicket(request.ticketID, to: caller)
        guard let content = try await attachments.content(ticketID: ticket.ticketID, attachmentID: request.attachmentID)
        else { throw TicketError.attachmentNotFound(ticketID: ticket.ticketID, attachmentID: request.attachmentID) }
        return content
    }
}
