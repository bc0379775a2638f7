/// Why Report refused a request, in words the caller can act on. Handlers throw it; its one conformance to
/// `RPCErrorConvertible` (`ReportError+RPC.swift`) gives each case its status code, and a field violation its
/// `google.rpc.BadRequest` details.
enum ReportError: Error, Sendable, CustomStringConvertible {
    /// A field of the request breaks a rule; `message` names the field, the rule and how to fix it.
    case invalidField(field: String, message: String)
    /// A member asked for figures that are not its own.
    case notOwnFigures(caller: String, asked: String)

    /// What is wrong and what to do, as the gRPC status message says it.
    var description: String {
        switch self {
        case .invalidField(_, let message):
            return message
        case .notOwnFigures(let caller, let asked):
            return "member \(caller) may read only its own figures, not \(asked): set scope.organisation_id to "
                + "\(caller) (or leave the scope empty)"
        }
    }
}
