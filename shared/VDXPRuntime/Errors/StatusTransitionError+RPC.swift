public import GRPCCore
public import VDXPCore

extension StatusTransitionError: RPCErrorConvertible {
    /// FAILED_PRECONDITION for a real status that may not follow the current one (the document's state forbids
    /// it); INVALID_ARGUMENT for a status that can never be set this way.
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .illegalTransition: return .failedPrecondition
        case .invalidStatus: return .invalidArgument
        }
    }

    /// Both statuses by their edXML code, and what to do instead.
    public var rpcErrorMessage: String { message }

    /// For a status that can never be set, a `google.rpc.BadRequest` violation of `status`.
    public var rpcErrorMetadata: Metadata {
        guard code == .invalidStatus else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: "status", rule: message)], code: .invalidArgument, message: message)
    }
}
