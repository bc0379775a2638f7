/// Why Search refused a request, in words the caller can act on. Handlers throw it; its one conformance to
/// `RPCErrorConvertible` (`SearchError+RPC.swift`) gives each case its status code, and a field violation its
/// `google.rpc.BadRequest` details.
enum SearchError: Error, Sendable, CustomStringConvertible {
    /// A field of the request breaks a rule; `message` names the field, the rule and how to fix it.
    case invalidField(field: String, message: String)
    /// No document the caller may see has this id.
    case documentNotFound(documentID: String)
    /// No document the caller may see has this number and notation.
    case notationNotFound(numberAndNotation: String)
    /// The number and notation is used by several issuers the caller may see.
    case notationAmbiguous(numberAndNotation: String, senders: [String])
    /// The query could not be written to the query log, so its answer is withheld: no query goes unlogged.
    case queryLogUnavailable

    /// What is wrong and what to do, as the gRPC status message says it.
    var description: String {
        switch self {
        case .invalidField(_, let message):
            return message
        case .documentNotFound(let documentID):
            return "no document \(documentID.quotedForSearchMessage) that you sent or received is indexed: check the "
                + "id, or wait a moment if it was just sent (GetIndexStatus shows how far the index has come)"
        case .notationNotFound(let code):
            return
                "no document numbered \(code.quotedForSearchMessage) that you sent or received is indexed: write the "
                + "number and notation exactly as on the document, e.g. 7816/VPCP-TTĐT"
        case .notationAmbiguous(let code, let senders):
            return "several issuers use the number and notation \(code.quotedForSearchMessage) ("
                + senders.joined(separator: ", ") + "): give sender_organisation_id as well"
        case .queryLogUnavailable:
            return "Search cannot write its query log now, and answers no query it has not logged: retry in a "
                + "moment; if it persists, the operator finds the cause in Search's log"
        }
    }
}

extension String {
    /// The value quoted for an error message, cut at 100 characters.
    var quotedForSearchMessage: String {
        "'" + (count > 100 ? String(prefix(100)) + "…" : self) + "'"
    }
}
