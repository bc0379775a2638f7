public import GRPCCore
public import VDXPCore

extension ConnectionLifecycleError: RPCErrorConvertible {
    /// Always FAILED_PRECONDITION: the member's connection state forbids the change until something else happens.
    public var rpcErrorCode: RPCError.Code { .failedPrecondition }

    /// What must happen first.
    public var rpcErrorMessage: String { message }
}
