public import Foundation
public import VDXPProto

/// The rules of a member's connection (Art. 8–9): which state may follow which, and who may exchange documents.
///
/// | from | action | to |
/// |---|---|---|
/// | REQUESTED | start the trial | TRIAL |
/// | TRIAL, after a week of TRIAL (Art. 8.3, ``TrialPeriod``) | make official | OFFICIAL |
/// | TRIAL, OFFICIAL, SUSPENDED | cut off (security incident, Art. 9.4) | CUT_OFF |
/// | CUT_OFF | reconnect (remediation assessed) | the state before the cut-off: TRIAL, OFFICIAL or SUSPENDED |
/// | TRIAL, OFFICIAL | suspend (member's request, Art. 9.5) | SUSPENDED |
/// | SUSPENDED | resume | the state before the suspension: TRIAL or OFFICIAL |
/// | any but CLOSED | close the id (successor named) | CLOSED, final |
///
/// The state before a cut-off and the state before a suspension are two memories: a member cut off while suspended
/// is reconnected SUSPENDED, and resumes to what it was before the suspension — a trial member to TRIAL, so no
/// sequence of steps skips the trial (Art. 8.3).
///
/// ```swift
/// let next = try ConnectionLifecycle.transition(.makeOfficial, from: .trial, trial: trial, now: now)
/// ```
public enum ConnectionLifecycle {
    /// What an operator or member asks for.
    public enum Action: String, Sendable, Hashable {
        case startTrial = "start the trial of"
        case makeOfficial = "make official"
        case cutOff = "cut off"
        case reconnect = "reconnect"
        case suspend = "suspend"
        case resume = "resume"
        case close = "close"
    }

    /// Whether a member in `state` may send and receive documents: TRIAL and OFFICIAL only.
    public static func canExchange(_ state: Vdxp_Central_V1_MemberState) -> Bool {
        state == .trial || state == .official
    }

    /// The state after `action`, or a refusal that says what must happen first.
    ///
    /// - Parameters:
    ///   - action: What is asked.
    ///   - state: The member's state now.
    ///   - beforeCutOff: For reconnect: the state the member had when it was cut off (OFFICIAL when unknown).
    ///   - beforeSuspension: For resume: the state the member had when it was suspended (OFFICIAL when unknown).
    ///   - trial: For make official: the member's trial period (none counts as a trial beginning `now`).
    ///   - now: The current instant (for make official).
    public static func transition(
        _ action: Action, from state: Vdxp_Central_V1_MemberState,
        beforeCutOff: Vdxp_Central_V1_MemberState? = nil, beforeSuspension: Vdxp_Central_V1_MemberState? = nil,
        trial: TrialPeriod? = nil, now: Date = Date()
    ) throws(ConnectionLifecycleError) -> Vdxp_Central_V1_MemberState {
        func refuse(_ why: String) -> ConnectionLifecycleError {
            ConnectionLifecycleError(message: "cannot \(action.rawValue) a member that is \(state.word): \(why)")
        }
        if state == .closed {
            throw refuse("its organisation id is closed, which is final; use its successor")
        }
        switch action {
        case .startTrial:
            guard state == .requested else { throw refuse("only a REQUESTED member starts a trial") }
            return .trial
        case .makeOfficial:
            guard state == .trial else { throw refuse("only a member in TRIAL becomes OFFICIAL") }
            let period = trial ?? TrialPeriod(start: now)
            let completion = period.completion(at: now)
            guard now >= completion else {
                let days = (period.counted(at: now) / 86_400 * 10).rounded(.down) / 10
                throw ConnectionLifecycleError(
                    message:
                        "the trial connection began at \(EdXMLDate.iso8601VietnamTime(period.start)) and must last at least one week of TRIAL "
                        + "(Art. 8.3; time suspended or cut off does not count): it has counted \(days) days and "
                        + "can be made official from \(EdXMLDate.iso8601VietnamTime(completion)) if it is not interrupted again"
                )
            }
            return .official
        case .cutOff:
            guard [.trial, .official, .suspended].contains(state) else {
                throw refuse("only a connected or suspended member is cut off")
            }
            return .cutOff
        case .reconnect:
            guard state == .cutOff else { throw refuse("only a CUT_OFF member is reconnected") }
            if let before = beforeCutOff, before == .trial || before == .suspended {
                return before
            }
            return .official
        case .suspend:
            guard state == .trial || state == .official else { throw refuse("only a connected member is suspended") }
            return .suspended
        case .resume:
            guard state == .suspended else { throw refuse("only a SUSPENDED member resumes") }
            return beforeSuspension == .trial ? .trial : .official
        case .close:
            return .closed
        }
    }
}

/// Why a connection change is refused; the message says what must happen first.
public struct ConnectionLifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension Vdxp_Central_V1_MemberState {
    /// The state in words for messages, e.g. "CUT_OFF".
    public var word: String {
        switch self {
        case .unspecified: return "in no state"
        case .requested: return "REQUESTED"
        case .trial: return "TRIAL"
        case .official: return "OFFICIAL"
        case .cutOff: return "CUT_OFF"
        case .suspended: return "SUSPENDED"
        case .closed: return "CLOSED"
        case .UNRECOGNIZED(let raw): return "in unknown state \(raw)"
        }
    }
}
