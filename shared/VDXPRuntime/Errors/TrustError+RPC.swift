public import GRPCCore
public import VDXPTrust

extension TrustError: RPCErrorConvertible {
    /// INVALID_ARGUMENT for signatures, certificates and keys a caller sent that do not hold; INTERNAL for a file
    /// this server cannot read or write (an operator's problem, never the caller's).
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .invalidSignature, .untrustedChain, .expired, .notYetValid, .usageNotAllowed, .unsupportedAlgorithm,
            .keyMismatch, .weakKey, .malformed, .invalidArgument, .revoked:
            return .invalidArgument
        case .fileAccess:
            return .internalError
        }
    }

    /// What went wrong and what to do about it (the cause stays in the server's log).
    public var rpcErrorMessage: String { message }
}
