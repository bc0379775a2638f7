import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    func updateDocumentStatus(
        request: Vdxp_Exchange_V1_UpdateDocumentStatusRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        guard [.registered, .assigned, .processing, .completed].contains(request.status) else {
            throw RPCError(
                code: .invalidArgument,
                message: "status must be REGISTERED (03), ASSIGNED (04), PROCESSING (05) or COMPLETED (06); use "
                    + "AcknowledgeDelivery for 01 and RejectDocument for 02")
        }
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        let comment = request.comment
        guard comment.count <= 2000 else {
            throw RPCError(code: .invalidArgument, message: "comment has \(comment.count) characters; at most 2000")
        }
        let statusTime = try Self.validStatusTime(request.hasStatusTime ? request.statusTime.date : nil)
        return try await recordStatus(
            request.status, documentID: request.documentID, handler: handler, comment: comment, statusTime: statusTime)
    }

    func rejectDocument(
        request: Vdxp_Exchange_V1_RejectDocumentRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let reason = try Validate.text(request.reason, field: "reason", maximum: 2000)
        let handler = try Self.validHandler(request.hasHandler ? request.handler : nil)
        return try await recordStatus(
            .rejected, documentID: request.documentID, handler: handler, comment: reason, statusTime: Date())
    }

    private func recordStatus(
        _ status: Vdxp_Exchange_V1_DocumentStatus, documentID: String, handler: Vdxp_Exchange_V1_Handler,
        comment: String, statusTime: Date
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let recipient = try activeCaller()
        try await database.transaction(logger: logger) { connection in
            var found: (UUID, Int, Int, String?)?
            for try await row in try await connection.query(
                """
                SELECT delivery_id, status, disposition, disposed_by FROM exchange.deliveries
                WHERE document_id = \(documentID) AND recipient = \(recipient) AND kind = 1 FOR UPDATE
                """, logger: logger
            ).decode((UUID, Int, Int, String?).self) {
                found = row
            }
            guard let (deliveryID, currentCode, dispositionCode, disposedBy) = found else {
                throw Self.documentNotFound(documentID)
            }
            let disposition = Vdxp_Exchange_V1_Disposition(rawValue: dispositionCode) ?? .unspecified
            guard disposition == .current else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "your copy of \(documentID.echoed) is \(disposition.word)"
                        + (disposedBy.map { " ('\($0)')" } ?? "") + ": no status may be reported on it any more"
                        + (disposition == .superseded ? "; report on the new version" : ""))
            }
            let current = Vdxp_Exchange_V1_DocumentStatus(rawValue: currentCode) ?? .unspecified
            do {
                try DocumentStatusMachine.transition(from: current, to: status)
            } catch let error as StatusTransitionError {
                throw RPCError(code: .failedPrecondition, message: error.message)
            }
            for try await previous in try await connection.query(
                "SELECT max(status_time) FROM exchange.status_history WHERE delivery_id = \(deliveryID)", logger: logger
            ).decode(Date?.self) {
                if let previous, statusTime < previous.addingTimeInterval(-1) {
                    throw RPCError(
                        code: .invalidArgument,
                        message:
                            "status_time \(statusTime) is before the previous status (\(previous)): statuses happen in order"
                    )
                }
            }
            try await connection.query(
                "UPDATE exchange.deliveries SET status = \(status.rawValue) WHERE delivery_id = \(deliveryID)",
                logger: logger)
            try await connection.query(
                """
                INSERT INTO exchange.status_history
                    (delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment)
                VALUES (\(deliveryID), \(status.rawValue), \(statusTime), \(handler.fullName), \(handler.unit),
                        \(handler.position), \(comment))
                """, logger: logger)
            try await journal.append(
                .with {
                    $0.statusChanged = .with {
                        $0.recipientOrganisationID = recipient
                        $0.deliveryID = deliveryID.uuidString.lowercased()
                        $0.change = .with {
                            $0.status = status
                            $0.statusTime = .init(date: statusTime)
                            $0.handler = handler
                            $0.comment = comment
                        }
                    }
                }, type: "status.changed", documentID: documentID, on: connection)
            try await connection.query("SELECT pg_notify(\(ExchangeChannels.status), \(documentID))", logger: logger)
        }
        guard let state = try await repository.recipientStates(of: documentID, recipient: recipient).first else {
            throw Self.documentNotFound(documentID)
        }
        return state
    }

    static func validHandler(_ handler: Vdxp_Exchange_V1_Handler?) throws(RPCError) -> Vdxp_Exchange_V1_Handler {
        guard let handler else {
            throw RPCError(code: .invalidArgument, message: "handler is required: who handled the document (Art. 14.3)")
        }
        let fullName = try Validate.text(handler.fullName, field: "handler.full_name", maximum: 100)
        let unit = try Validate.text(handler.unit, field: "handler.unit", maximum: 255)
        guard handler.position.count <= 100 else {
            throw RPCError(code: .invalidArgument, message: "handler.position has more than 100 characters")
        }
        return .with {
            $0.fullName = fullName
            $0.unit = unit
            $0.position = handler.position
        }
    }

    static func validStatusTime(_ time: Date?) throws(RPCError) -> Date {
        let now = Date()
        guard let time else { return now }
        guard time <= now.addingTimeInterval(300) else {
            throw RPCError(code: .invalidArgument, message: "status_time \(time) is more than 5 minutes in the future")
        }
        return time
    }
}
