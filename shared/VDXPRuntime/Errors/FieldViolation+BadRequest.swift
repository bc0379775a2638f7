public import GRPCCore
import GRPCProtobuf
public import VDXPCore

extension FieldViolation {
    /// The `grpc-status-details-bin` trailer of a `google.rpc.Status` carrying `violations` as one
    /// `google.rpc.BadRequest`, the way any gRPC client library reads field errors. Every error conversion that
    /// names a field builds its details here.
    ///
    /// ```swift
    /// var rpcErrorMetadata: Metadata {
    ///     FieldViolation.badRequestMetadata([FieldViolation(field: "page_token", rule: message)],
    ///                                       code: .invalidArgument, message: message)
    /// }
    /// ```
    public static func badRequestMetadata(
        _ violations: [FieldViolation], code: RPCError.Code, message: String
    ) -> Metadata {
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

extension RPCError {
    /// INVALID_ARGUMENT with `message`, carrying `field` and `message` as a `google.rpc.BadRequest` violation, for
    /// the checks that write their own sentence (`"reason is required"`) rather than a ``FieldViolation`` rule.
    public static func invalidArgument(field: String, message: String) -> RPCError {
        RPCError(
            code: .invalidArgument, message: message,
            metadata: FieldViolation.badRequestMetadata(
                [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message))
    }
}
