public import Foundation
public import VDXPProto

/// The trial connection's time (Art. 8.3: "kết nối thử nghiệm tối thiểu 01 tuần"): when it began, and how long it
/// was interrupted since by a suspension or a cut-off.
///
/// Only time in TRIAL counts toward the week: a member suspended or cut off during its trial exchanges nothing, so
/// that time tests nothing. The week is 7 × 24 hours of TRIAL, not calendar days.
///
/// ```swift
/// var trial = TrialPeriod(start: monday)
/// trial = trial.after(moving: .trial, to: .suspended, at: tuesday)   // interrupted from Tuesday
/// trial = trial.after(moving: .suspended, to: .trial, at: thursday)  // two days do not count
/// trial.counted(at: nextMonday)                                       // 5 days
/// ```
///
/// Pure: it never reads the clock.
public struct TrialPeriod: Hashable, Sendable {
    /// The shortest trial connection: one week of TRIAL (Art. 8.3).
    public static let minimum: TimeInterval = 7 * 86_400

    /// When the trial began (StartTrial).
    public let start: Date

    /// The time spent suspended or cut off during the trial, in interruptions that have ended.
    public let interruptedTime: TimeInterval

    /// When the current interruption began; nil while the member is in TRIAL.
    public let interruptedSince: Date?

    /// Creates a trial period.
    ///
    /// - Parameters:
    ///   - start: When the trial began.
    ///   - interruptedTime: The time in ended interruptions; none by default.
    ///   - interruptedSince: When the current interruption began; nil when the member is in TRIAL.
    public init(start: Date, interruptedTime: TimeInterval = 0, interruptedSince: Date? = nil) {
        self.start = start
        self.interruptedTime = interruptedTime
        self.interruptedSince = interruptedSince
    }

    /// The time in TRIAL from the start up to `now`, interruptions left out.
    ///
    /// - Parameter now: The current instant.
    public func counted(at now: Date) -> TimeInterval {
        let current = interruptedSince.map { max(0, now.timeIntervalSince($0)) } ?? 0
        return max(0, now.timeIntervalSince(start) - interruptedTime - current)
    }

    /// The first instant the trial has counted a week, if it is not interrupted (again) after `now`.
    ///
    /// - Parameter now: The current instant.
    public func completion(at now: Date) -> Date {
        now.addingTimeInterval(max(0, Self.minimum - counted(at: now)))
    }

    /// The period after the member moves from `old` to `new` at `time`: leaving TRIAL for SUSPENDED or CUT_OFF starts
    /// an interruption; coming back to TRIAL ends it. Moves between SUSPENDED and CUT_OFF continue the interruption.
    ///
    /// - Parameters:
    ///   - old: The state the member leaves.
    ///   - new: The state it enters.
    ///   - time: When.
    public func after(
        moving old: Vdxp_Central_V1_MemberState, to new: Vdxp_Central_V1_MemberState, at time: Date
    ) -> TrialPeriod {
        if old == .trial, new == .suspended || new == .cutOff, interruptedSince == nil {
            return TrialPeriod(start: start, interruptedTime: interruptedTime, interruptedSince: time)
        }
        if new == .trial, let since = interruptedSince {
            return TrialPeriod(start: start, interruptedTime: interruptedTime + max(0, time.timeIntervalSince(since)))
        }
        return self
    }
}
