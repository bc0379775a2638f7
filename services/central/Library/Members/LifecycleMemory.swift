import VDXPCore
import VDXPProto

/// What a member's connection lifecycle remembers between steps, as stored in `central.members`: the states a
/// cut-off and a suspension interrupted (kept apart, so that a member cut off while suspended comes back SUSPENDED and
/// a trial member then resumes to TRIAL, Art. 8.3), and its trial period.
struct LifecycleMemory: Sendable {
    /// The state the member had when it was last cut off.
    var beforeCutOff: Vdxp_Central_V1_MemberState?
    /// The state the member had when it was last suspended.
    var beforeSuspension: Vdxp_Central_V1_MemberState?
    /// The trial period; nil before StartTrial.
    var trial: TrialPeriod?
}
