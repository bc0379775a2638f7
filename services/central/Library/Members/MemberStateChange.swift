import Foundation
import VDXPCore
import VDXPProto

/// One step of a member's connection lifecycle as `MemberStore.apply(_:to:on:)` writes it: the new state with its
/// reason and time, and what the step records beside it.
struct MemberStateChange: Sendable {
    /// What happens to the expected resume date of a suspension.
    enum ResumeDateChange: Sendable {
        /// Left as it is.
        case keep
        /// Set to the day the member expects to resume.
        case set(CalendarDate)
        /// Removed (the member resumed).
        case clear
    }

    /// The state the member enters.
    var state: Vdxp_Central_V1_MemberState
    /// Why, in the actor's words.
    var reason: String
    /// When, by Central's clock.
    var time: Date
    /// The state a cut-off interrupts, to reconnect to later; nil keeps the one remembered.
    var stateBeforeCutOff: Vdxp_Central_V1_MemberState?
    /// The state a suspension interrupts, to resume to later; nil keeps the one remembered.
    var stateBeforeSuspension: Vdxp_Central_V1_MemberState?
    /// The trial period (its start and interruptions); nil keeps it.
    var trial: TrialPeriod?
    /// The expected resume date of a suspension.
    var expectedResumeDate = ResumeDateChange.keep
    /// The successor of a closed organisation id; nil keeps it.
    var successor: String?
}
