import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension TicketError: RPCErrorConvertible {
    /// The status each refusal is answered with, as ticket_service.proto documents it.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidField:
            return .invalidArgument
        case .operatorOnly, .readOnlyAccount, .memberOnly, .notOwnOrganisation, .channelNotAllowed:
            return .permissionDenied
        case .ticketNotFound, .relatedTicketNotFound, .attachmentNotFound, .windowNotFound, .noticeNotFound:
            return .notFound
        case .moveNotAllowed, .reopenPeriodOver, .ticketNotOpen, .maintenanceTooSoon, .windowNotCancellable:
            return .failedPrecondition
        case .attachmentTooLarge, .tooManyAttachments, .tooManyOpenTickets, .memberAttachmentBytesExhausted,
            .memberCommentsExhausted:
            return .resourceExhausted
        case .noCalendar:
            return .unavailable
        }
    }

    /// ``TicketError/message``.
    var rpcErrorMessage: String { message }

    /// For a field violation, the field and the message as a `google.rpc.BadRequest` violation.
    var rpcErrorMetadata: Metadata {
        guard case .invalidField(let field, let message) = self else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message)
    }
}
