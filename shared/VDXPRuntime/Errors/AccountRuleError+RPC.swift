public import GRPCCore
public import VDXPCore

extension AccountRuleError: RPCErrorConvertible {
    /// Always INVALID_ARGUMENT: the caller must change the account's field.
    public var rpcErrorCode: RPCError.Code { .invalidArgument }

    /// `field: rule`.
    public var rpcErrorMessage: String { description }

    /// The field and its rule as a `google.rpc.BadRequest` violation.
    public var rpcErrorMetadata: Metadata {
        FieldViolation.badRequestMetadata(
            [FieldViolation(field: field, rule: rule)], code: .invalidArgument, message: description)
    }
}
