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
        guard comment.count <= 2000 else {
            throw ExchangeError.invalidField(
                field: "comment", message: "comment has \(comment.count) characters; at most 2000")
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
            .rejected, of: request.documentID, for: recipient, handler: handler, comment: reason,
            statusTime: clock.now())
    }

    /// Moves `recipient`'s current copy of `documentID` to `status` if the status machine allows it, records the
    /// change in the history and the journal, and answers the copy's new state. The caller's state was checked
    /// first (``activeCaller()``): a suspended or cut-off member hears that, whatever its request holds.
    private func recordStatus(
        _ status: Vdxp_Exchange_V1_DocumentStatus, of documentID: String, for recipient: String,
        handler: Vdxp_Exchange_V1_Handler, comment: String, statusTime: Date
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let deliveries = self.deliveries
        let statusHistory = self.statusHistory
        let journal = self.journal
        let lifecycle = self.lifecycle
        let key: DocumentKey = try await database.transaction(logger: logger) { connection in
            guard let copy = try await deliveries.lockCopy(of: documentID, to: recipient, on: connection) else {
                throw ExchangeError.documentNotFound(documentID: documentID)
            }
            guard copy.disposition == .current else {
                throw ExchangeError.copyNotCurrent(
                    documentID: documentID, disposition: copy.disposition, disposedBy: copy.disposedBy)
            }
            try DocumentStatusMachine.transition(from: copy.status, to: status)
            if let previous = try await statusHistory.latestStatusTime(of: copy.deliveryID, on: connection),
                statusTime < previous.addingTimeInterval(-1)
            {
                throw ExchangeError.invalidField(
                    field: "status_time",
                    message:
                        "status_time \(statusTime) is before the previous status (\(previous)): statuses happen in order"
                )
            }
            try await deliveries.setStatus(status, of: copy.deliveryID, on: connection)
            try await statusHistory.append(
                status, of: copy.deliveryID, at: statusTime, handler: handler, comment: comment, on: connection)
            try await journal.append(
                .with {
                    $0.statusChanged = .with {
                        $0.recipientOrganisationID = recipient
                        $0.deliveryID = copy.id
                        $0.change = .with {
                            $0.status = status
                            $0.statusTime = .init(date: statusTime)
                            $0.handler = handler
                            $0.comment = comment
                        }
                    }
                }, type: "status.changed", documentID: documentID, on: connection)
            try await lifecycle.notifyStatus(documentID, on: connection)
            return copy.documentKey
        }
        guard let state = try await views.recipientStates(of: key, recipient: recipient).first else {
            throw ExchangeError.documentNotFound(documentID: documentID)
        }
        return state
    }

    /// The handler named in a status change or retract answer (Art. 14.3), trimmed, or an error naming the field.
    static func validHandler(_ handler: Vdxp_Exchange_V1_Handler?) throws -> Vdxp_Exchange_V1_Handler {
        guard let handler else {
            throw ExchangeError.invalidField(
                field: "handler", message: "handler is required: who handled the document (Art. 14.3)")
        }
        let fullName = try Validate.text(handler.fullName, field: "handler.full_name", maximum: 100)
        let unit = try Validate.text(handler.unit, field: "handler.unit", maximum: 255)
        guard handler.position.count <= 100 else {
            throw ExchangeError.invalidField(
                field: "handler.position", message: "handler.position has more than 100 characters")
        }
        return .with {
            $0.fullName = fullName
            $0.unit = unit
            $0.position = handler.position
        }
    }

    /// The reported status time, at most 5 minutes ahead of this server's clock; now when none is given.
    func validStatusTime(_ time: Date?) throws(ExchangeError) -> Date {
        let now = clock.now()
        guard let time else { return now }
        guard time <= now.addingTimeInterval(300) else {
            throw .invalidField(
                field: "status_time", message: "status_time \(time) is more than 5 minutes in the future")
        }
        return time
    }
}
