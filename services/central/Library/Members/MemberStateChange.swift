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
    /// The state to return to later (a cut-off or a suspension remembers the state it interrupts); nil keeps it.
    var rememberedState: Vdxp_Central_V1_MemberState?
    /// The start of the trial connection; nil keeps it.
    var trialStartTime: Date?
    /// The expected resume date of a suspension.
    var expectedResumeDate = ResumeDateChange.keep
    /// The successor of a closed organisation id; nil keeps it.
    var successor: String?
}
