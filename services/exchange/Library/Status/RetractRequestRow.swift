import Foundation
import PostgresNIO
import SwiftProtobuf
import VDXPProto

/// A row of `exchange.retract_requests`: a sender's request (13) to take back a registered copy, and its answer.
struct RetractRequestRow: Sendable {
    /// The columns ``init(_:)`` reads, in a `SELECT` list.
    static let columns = """
        request_id, delivery_id, state, reason, request_time, answer_time, answer_name, answer_unit, \
        answer_position, answer_reason
        """

    var requestID: UUID
    var deliveryID: UUID
    var proto: Vdxp_Exchange_V1_RetractRequest

    /// Decodes a row selected with ``columns``; a stored state the contract does not define is corrupt data and throws.
    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        requestID = try cells["request_id"].decode(UUID.self)
        deliveryID = try cells["delivery_id"].decode(UUID.self)
        let state = try cells["state"].decode(Vdxp_Exchange_V1_RetractRequestState.self)
        let reason = try cells["reason"].decode(String.self)
        let requestTime = try cells["request_time"].decode(Date.self)
        let answerTime = try cells["answer_time"].decode(Date?.self)
        let handler = Vdxp_Exchange_V1_Handler.with {
            $0.fullName = (try? cells["answer_name"].decode(String.self)) ?? ""
            $0.unit = (try? cells["answer_unit"].decode(String.self)) ?? ""
            $0.position = (try? cells["answer_position"].decode(String.self)) ?? ""
        }
        let answerReason = try cells["answer_reason"].decode(String.self)
        let requestID = self.requestID
        proto = .with {
            $0.requestID = requestID.uuidString.lowercased()
            $0.state = state
            $0.reason = reason
            $0.requestTime = .init(date: requestTime)
            if let answerTime {
                $0.answerTime = .init(date: answerTime)
                $0.answerHandler = handler
            }
            $0.answerReason = answerReason
        }
    }
}
