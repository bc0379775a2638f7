import GRPCCore
import VDXPCore
import VDXPRuntime

extension ExchangeError: RPCErrorConvertible {
    /// The status each refusal is answered with, as exchange_service.proto documents it per RPC.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .noGlobalConfiguration:
            return .unavailable
        case .callerCannotExchange, .notRepresentedUnit, .sealNotRegistered, .notTheSender:
            return .permissionDenied
        case .invalidField:
            return .invalidArgument
        case .documentNotFound, .relatedDocumentNotFound, .retractRequestNotFound, .deliveryNotAddressedToCaller,
            .deliveryNotSentByCaller:
            return .notFound
        case .documentIDTaken:
            return .alreadyExists
        case .recipientNotMember, .recipientClosed, .recipientCannotReceive, .actsOnRevocation, .actsOnRevoked,
            .actsOnSuperseded, .copyNotCurrent, .nothingToRetract, .cannotRetract, .retractRequestAnswered,
            .retractRequestObsolete, .copyNotRevoked, .revocationNotReceived, .deliveryWithdrawn, .deliveryFailed,
            .deliveryNotFailed, .recipientInactive, .contentRetracted, .tooManyVersions, .journalCursorAhead:
            return .failedPrecondition
        case .attachmentsStalled, .uploadTooSlow:
            return .deadlineExceeded
        case .streamedSendsBusy, .streamedSendsBusyForMember:
            return .resourceExhausted
        }
    }

    /// ``ExchangeError/message``.
    var rpcErrorMessage: String { message }

    /// For a field violation, the field and the message as a `google.rpc.BadRequest` violation.
    var rpcErrorMetadata: Metadata {
        guard case .invalidField(let field, let message) = self else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message)
    }
}
