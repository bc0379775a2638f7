public import GRPCCore
public import VDXPCore

extension PageTokenError: RPCErrorConvertible {
    /// A token the client altered is its mistake (INVALID_ARGUMENT); a cursor the server cannot encode is ours
    /// (INTERNAL).
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .invalidToken: return .invalidArgument
        case .unencodableCursor: return .internalError
        }
    }

    /// The message, naming `page_token` and what to do.
    public var rpcErrorMessage: String { message }

    /// For a refused token, a `google.rpc.BadRequest` violation of `page_token`.
    public var rpcErrorMetadata: Metadata {
        guard code == .invalidToken else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: "page_token", rule: message)], code: .invalidArgument, message: message)
    }
}
