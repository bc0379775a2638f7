import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `UpdateDocumentStatus` (Art. 14.3): the recipient reports REGISTERED, ASSIGNED, PROCESSING or COMPLETED.
    func updateDocumentStatus(
        request: Vdxp_Exchange_V1_UpdateDocumentStatusRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let recipient = try activeCaller()
        guard [.registered, .assigned, .processing, .completed].contains(request.status) else {
            throw ExchangeError.invalidField(
                field: "status",
                message: "status must be REGISTERED (03), ASSIGNED (04), PROCESSING (05) or COMPLETED (06); use "
                    + "AcknowledgeDelivery for 01 and RejectDocument for 02")
        }
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        let comment = request.comment
        guard comment.codePointCount <= 2000 else {
            throw ExchangeError.invalidField(
                field: "comment", message: "comment has \(comment.codePointCount) characters; at most 2000")
        }
        let statusTime = try validStatusTime(request.hasStatusTime ? request.statusTime.date : nil)
        return try await recordStatus(
            request.status, of: request.documentID, for: recipient, handler: handler, comment: comment,
            statusTime: statusTime)
    }

    /// `RejectDocument`: the recipient refuses the document (02), with a reason, before registering it.
    func rejectDocument(
        request: Vdxp_Exchange_V1_RejectDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let recipient = try activeCaller()
        let reason = try Validate.text(request.reason, field: "reason", maximum: 2000)
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        return try await recordStatus(
            .rejected, of: request.documentID, for: recipient, handler: handler, comment: reason, statusTime: nil)
    }

    /// Moves `recipient`'s current copy of `documentID` to `status` if the status machine allows it, records the
    /// change in the history and the journal, and answers the copy's new state. The caller's state was checked
    /// first (``activeCaller()``): a suspended or cut-off member hears that, whatever its request holds. With commit
    /// groups on (the default), concurrent changes share one transaction (`StatusCommitter`), each answered with its
    /// own outcome; the answer is read inside the transaction that wrote it, not after.
    private func recordStatus(
        _ status: Vdxp_Exchange_V1_DocumentStatus, of documentID: String, for recipient: String,
        handler: Vdxp_Exchange_V1_Handler, comment: String, statusTime: Date?
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let change = PendingStatusChange(
            status: status, documentID: documentID, recipient: recipient, handler: handler, comment: comment,
            statusTime: statusTime)
        if let statusChanges { return try await statusChanges.record(change) }
        let writer = statusChangeWriter
        return try await database.transaction(logger: logger) { connection in
            try await writer.write([change], on: connection)[0].get()
        }
    }

    /// The handler named in a status change or retract answer (Art. 14.3), trimmed, or an error naming the field.
    static func validHandler(_ handler: Vdxp_Exchange_V1_Handler?) throws -> Vdxp_Exchange_V1_Handler {
        guard let handler else {
            throw ExchangeError.invalidField(
                field: "handler", message: "handler is required: who handled the document (Art. 14.3)")
        }
        let fullName = try Validate.text(handler.fullName, field: "handler.full_name", maximum: 100)
        let unit = try Validate.text(handler.unit, field: "handler.unit", maximum: 255)
        guard handler.position.codePointCount <= 100 else {
            throw ExchangeError.invalidField(
                field: "handler.position", message: "handler.position has more than 100 characters")
        }
        return .with {
            $0.fullName = fullName
            $0.unit = unit
            $0.position = handler.position
        }
    }

    /// The reported status time, at most 5 minutes ahead of this server's clock; nil when none is given (the time
    /// the change is recorded, ``PendingStatusChange/statusTime``).
    func validStatusTime(_ time: Date?) throws(ExchangeError) -> Date? {
        guard let time else { return nil }
        guard time <= clock.now().addingTimeInterval(300) else {
            throw .invalidField(
                field: "status_time",
                message: "status_time \(EdXMLDate.iso8601VietnamTime(time)) is more than 5 minutes in the future")
        }
        return time
    }
}
