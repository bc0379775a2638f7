import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Why Monitoring refused a request, in words the caller can act on. Handlers throw it; its one conformance to
/// `RPCErrorConvertible` (`MonitoringError+RPC.swift`) gives each case its status code, and a field violation its
/// `google.rpc.BadRequest` details.
enum MonitoringError: Error, Sendable, CustomStringConvertible {
    /// A field of the request breaks a rule; `message` names the field, the rule and how to fix it.
    case invalidField(field: String, message: String)
    /// A member asked about another member.
    case notOwnMember(caller: String, asked: String)
    /// A member left out its own organisation id where only the operator or Report may ask about everyone.
    case allMembersNotForMembers(caller: String)
    /// Central knows no member with this organisation id (as the global configuration Monitoring holds says).
    case memberNotFound(organisationID: String)
    /// No alert with this id.
    case alertNotFound(alertID: Int64)

    /// What is wrong and what to do, as the gRPC status message says it.
    var description: String {
        switch self {
        case .invalidField(_, let message):
            return message
        case .notOwnMember(let caller, let asked):
            return "member \(caller) may read only its own connection and alerts, not those of \(asked): leave "
                + "organisation_id empty or give \(caller)"
        case .allMembersNotForMembers(let caller):
            return "organisation_id is empty, which asks about every member: only the operator and the Report "
                + "service may; give your own organisation id, \(caller)"
        case .memberNotFound(let organisationID):
            return "no member \(organisationID) is registered in Central: check the organisation id"
        case .alertNotFound(let alertID):
            return "no alert \(alertID): take the id from ListAlerts or WatchAlerts"
        }
    }
}
