import GRPCCore
import VDXPCore
import VDXPRuntime

/// The one seam from Report's errors to gRPC status codes.
extension ReportError: RPCErrorConvertible {
    /// The status each refusal is answered with, as report_service.proto documents it.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidField: .invalidArgument
        case .notOwnFigures: .permissionDenied
        }
    }

    /// ``ReportError/description``.
    var rpcErrorMessage: String { description }

    /// For a field violation, the field and the message as a `google.rpc.BadRequest` violation.
    var rpcErrorMetadata: Metadata {
        guard case .invalidField(let field, let message) = self else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message)
    }
}
