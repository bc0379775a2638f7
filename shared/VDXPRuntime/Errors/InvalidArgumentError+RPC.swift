public import GRPCCore
import GRPCProtobuf
public import VDXPCore

extension InvalidArgumentError: RPCErrorConvertible {
    /// Always `INVALID_ARGUMENT`: the caller must change the request.
    public var rpcErrorCode: RPCError.Code { .invalidArgument }
    /// The violations in one line.
    public var rpcErrorMessage: String { message }
    /// Every violation as `google.rpc.BadRequest` details in `grpc-status-details-bin`.
    public var rpcErrorMetadata: Metadata {
        FieldViolation.badRequestMetadata(violations, code: .invalidArgument, message: message)
    }
}

extension HeaderValidationError: RPCErrorConvertible {
    /// Always `INVALID_ARGUMENT`: the sender must fix the document's header and sign it again.
    public var rpcErrorCode: RPCError.Code { .invalidArgument }
    /// The violations in one line.
    public var rpcErrorMessage: String { message }
    /// Every violation as `google.rpc.BadRequest` details in `grpc-status-details-bin`.
    public var rpcErrorMetadata: Metadata {
        FieldViolation.badRequestMetadata(violations, code: .invalidArgument, message: message)
    }
}

extension FieldViolation {
    /// The `grpc-status-details-bin` trailer of a `google.rpc.Status` carrying `violations` as one
    /// `google.rpc.BadRequest`, the way any gRPC client library reads field errors.
    static func badRequestMetadata(_ violations: [FieldViolation], code: RPCError.Code, message: String) -> Metadata {
        let status = GoogleRPCStatus(
            code: code, message: ErrorMessage.bounded(message),
            details: [
                .badRequest(
                    violations: violations.prefix(100).map {
                        .init(
                            field: String($0.field.prefix(200)), description: ErrorMessage.bounded($0.rule, limit: 500))
                    })
            ])
        return status.rpcErrorMetadata
    }
}
