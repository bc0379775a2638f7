public import GRPCCore
public import VDXPCore

extension IdentifierError: RPCErrorConvertible {
    /// Always INVALID_ARGUMENT: the caller must send an identifier of the prescribed form.
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .invalidOrganisationID, .invalidDocumentID: return .invalidArgument
        }
    }

    /// The value quoted, the part that is wrong and the expected form.
    public var rpcErrorMessage: String { message }
}
