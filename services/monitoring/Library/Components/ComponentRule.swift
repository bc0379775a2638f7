import Foundation
import VDXPProto

/// What one probe of a platform component found.
enum ProbeResult: Sendable, Equatable {
    /// Health SERVING (for the database: `SELECT 1` answered).
    case serving
    /// It answered NOT_SERVING; `detail` says what it answered.
    case notServing(detail: String)
    /// It did not answer in time or refused the connection.
    case unreachable(detail: String)

    /// The component state this result shows.
    var state: Vdxp_Monitoring_V1_ComponentState {
        switch self {
        case .serving: .serving
        case .notServing: .notServing
        case .unreachable: .unreachable
        }
    }

    /// What it found, for people (empty when SERVING).
    var detail: String {
        switch self {
        case .serving: ""
        case .notServing(let detail), .unreachable(let detail): detail
        }
    }
}

/// When a component that stops serving opens an incident, and when it closes (Art. 4.1.g): an incident opens after
/// `failuresBeforeIncident` probes in a row that did not find it SERVING (one slow answer on a loaded machine is not
/// an incident), and closes at the first probe that finds it SERVING again. A pure rule.
struct ComponentRule: Sendable, Equatable {
    /// Failed probes in a row before an incident opens.
    var failuresBeforeIncident: Int

    /// A component's standing between probes.
    struct Standing: Sendable, Equatable {
        /// The state the last probe found.
        var state: Vdxp_Monitoring_V1_ComponentState
        /// Since when it has been in `state`.
        var stateSince: Date
        /// Failed probes in a row.
        var failuresInARow: Int
        /// The open incident, if any.
        var openIncidentID: Int64?
    }

    /// What a probe calls for besides updating the standing.
    enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// Open an incident, with this description.
        case openIncident(description: String)
        /// Close the open incident.
        case closeIncident(Int64)
    }

    /// The standing after `result` at `now`, and what it calls for.
    func apply(_ result: ProbeResult, to standing: Standing, now: Date) -> (Standing, Action) {
        var next = standing
        if result.state != standing.state {
            next.state = result.state
            next.stateSince = now
        }
        if result == .serving {
            next.failuresInARow = 0
            if let open = standing.openIncidentID {
                next.openIncidentID = nil
                return (next, .closeIncident(open))
            }
            return (next, .none)
        }
        next.failuresInARow = standing.failuresInARow + 1
        if standing.openIncidentID == nil && next.failuresInARow >= failuresBeforeIncident {
            let word = result.state == .notServing ? "NOT_SERVING" : "UNREACHABLE"
            return (
                next, .openIncident(description: "\(word) at \(next.failuresInARow) probes in a row: \(result.detail)")
            )
        }
        return (next, .none)
    }
}
