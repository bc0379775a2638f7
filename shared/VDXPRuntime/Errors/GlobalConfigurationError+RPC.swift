public import GRPCCore

extension GlobalConfigurationError: RPCErrorConvertible {
    /// UNAVAILABLE: the server cannot decide on member traffic now; the same call succeeds once it follows Central
    /// again.
    public var rpcErrorCode: RPCError.Code { .unavailable }

    /// What happened and what to do.
    public var rpcErrorMessage: String { message }
}
