public import GRPCCore

extension AccountTokenError: RPCErrorConvertible {
    /// UNAVAILABLE when the server cannot check tokens yet, UNAUTHENTICATED otherwise (the client signs in again).
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .noVerificationKey: return .unavailable
        case .malformed, .badSignature, .expired, .notYetValid: return .unauthenticated
        }
    }

    /// What happened and what to do.
    public var rpcErrorMessage: String { message }
}
