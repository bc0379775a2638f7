import GRPCCore
import VDXPCore
import VDXPRuntime

/// The one seam from Search's errors to gRPC status codes.
extension SearchError: RPCErrorConvertible {
    /// The status each refusal is answered with, as search_service.proto documents it.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidField, .notationAmbiguous: .invalidArgument
        case .documentNotFound, .notationNotFound: .notFound
        case .queryLogUnavailable: .unavailable
        }
    }

    /// ``SearchError/description``.
    var rpcErrorMessage: String { description }

    /// For a field violation, the field and the message as a `google.rpc.BadRequest` violation.
    var rpcErrorMetadata: Metadata {
        switch self {
        case .invalidField(let field, let message):
            return FieldViolation.badRequestMetadata(
                [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message)
        case .notationAmbiguous:
            return FieldViolation.badRequestMetadata(
                [FieldViolation(field: "sender_organisation_id", rule: description)], code: .invalidArgument,
                message: description)
        default:
            return [:]
        }
    }
}
