public import Foundation
public import VDXPProto

/// The rules of a member's connection (Art. 8–9): which state may follow which, and who may exchange documents.
///
/// | from | action | to |
/// |---|---|---|
/// | REQUESTED | start the trial | TRIAL |
/// | TRIAL, after ≥ 7 days | make official | OFFICIAL |
/// | TRIAL, OFFICIAL, SUSPENDED | cut off (security incident, Art. 9.4) | CUT_OFF |
/// | CUT_OFF | reconnect (remediation assessed) | the state before |
/// | TRIAL, OFFICIAL | suspend (member's request, Art. 9.5) | SUSPENDED |
/// | SUSPENDED | resume | the state before |
/// | any but CLOSED | close the id (successor named) | CLOSED, final |
///
/// ```swift
/// let next = try ConnectionLifecycle.transition(.makeOfficial, from: .trial, trialStart: start, now: now)
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

    /// The shortest trial connection: one week (Art. 8.2).
    public static let minimumTrial: TimeInterval = 7 * 86_400

    /// Whether a member in `state` may send and receive documents: TRIAL and OFFICIAL only.
    public static func canExchange(_ state: Vdxp_Central_V1_MemberState) -> Bool {
        state == .trial || state == .official
    }

    /// The state after `action`, or a refusal that says what must happen first.
    ///
    /// - Parameters:
    ///   - action: What is asked.
    ///   - state: The member's state now.
    ///   - previous: For reconnect and resume: the state the member had before it was cut off or suspended
    ///     (OFFICIAL when unknown).
    ///   - trialStart: When the trial began (for make official).
    ///   - now: The current instant (for make official).
    public static func transition(
        _ action: Action, from state: Vdxp_Central_V1_MemberState,
        previous: Vdxp_Central_V1_MemberState? = nil, trialStart: Date? = nil, now: Date = Date()
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
            let start = trialStart ?? now
            let allowed = start.addingTimeInterval(minimumTrial)
            guard now >= allowed else {
                throw ConnectionLifecycleError(
                    message: "the trial connection began at \(start) and must last at least one week (Art. 8.2): "
                        + "it can be made official from \(allowed)")
            }
            return .official
        case .cutOff:
            guard [.trial, .official, .suspended].contains(state) else {
                throw refuse("only a connected or suspended member is cut off")
            }
            return .cutOff
        case .reconnect:
            guard state == .cutOff else { throw refuse("only a CUT_OFF member is reconnected") }
            return Self.restorable(previous)
        case .suspend:
            guard state == .trial || state == .official else { throw refuse("only a connected member is suspended") }
            return .suspended
        case .resume:
            guard state == .suspended else { throw refuse("only a SUSPENDED member resumes") }
            return Self.restorable(previous)
        case .close:
            return .closed
        }
    }

    private static func restorable(_ previous: Vdxp_Central_V1_MemberState?) -> Vdxp_Central_V1_MemberState {
        previous == .trial ? .trial : .official
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
