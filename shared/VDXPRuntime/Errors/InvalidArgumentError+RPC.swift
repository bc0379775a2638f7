public import GRPCCore
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
