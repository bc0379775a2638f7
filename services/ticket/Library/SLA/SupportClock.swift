import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// A ticket's support clock (Art. 18.2): a pure state machine that the handlers and the sweeper load, apply and
/// persist.
///
///     RUNNING → WARNED → BREACHED          (the sweeper, by the deadline)
///     RUNNING / WARNED ⇄ PAUSED            (WAITING_FOR_MEMBER, when the policy pauses)
///     RUNNING / WARNED / PAUSED → MET      (the milestone, on time)
///     MET → RUNNING / WARNED               (a RESOLUTION clock when the ticket is reopened)
///
/// The deadline is the receipt plus the target plus the time paused so far, counted on the policy's
/// ``SlaTimeline``. A clock reopened after resolution leaves the time the ticket spent RESOLVED out of the count, so
/// the operator is held to the time it actually had the ticket. A breached clock stays breached.
///
/// Pure: every method takes the time it acts at.
struct SupportClock: Sendable, Hashable {
    /// The rule.
    var policy: SupportPolicy
    /// When the ticket was received: the start of the count.
    var receiveTime: Date
    /// Where the clock stands.
    var state: Vdxp_Ticket_V1_SlaState = .running
    /// Counted seconds left out so far (closed pauses, and the RESOLVED spell before a reopen).
    var pausedSeconds: Double = 0
    /// When the current pause began.
    var pauseStart: Date? = nil
    /// When the milestone was reached.
    var metTime: Date? = nil
    /// When the warning was given.
    var warnTime: Date? = nil
    /// When the ticket was escalated at breach.
    var escalateTime: Date? = nil

    /// What the sweeper must do with a clock now.
    enum Due: Equatable, Sendable {
        /// Nothing yet.
        case nothing
        /// Give the warning: the deadline is within the policy's warning period.
        case warn
        /// The deadline passed: mark BREACHED and escalate to the operator group.
        case breach
    }

    /// The deadline as it stands at `now` (while PAUSED, the deadline it would have if the pause ended at `now`).
    func dueTime(on timeline: SlaTimeline, now: Date) -> Date {
        timeline.advance(receiveTime, by: Double(policy.targetSeconds) + paused(on: timeline, now: now))
    }

    /// Counted seconds left out, including the pause under way at `now`.
    func paused(on timeline: SlaTimeline, now: Date) -> Double {
        pausedSeconds + (pauseStart.map { timeline.elapsed(from: $0, to: now) } ?? 0)
    }

    /// What the sweeper must do at `now`.
    func due(on timeline: SlaTimeline, now: Date) -> Due {
        guard state == .running || state == .warned else { return .nothing }
        let deadline = dueTime(on: timeline, now: now)
        if now >= deadline { return .breach }
        if state == .running, now >= deadline.addingTimeInterval(-Double(policy.warningSeconds)) { return .warn }
        return .nothing
    }

    /// The warning was given at `time`.
    mutating func warn(at time: Date) {
        guard state == .running else { return }
        state = .warned
        warnTime = time
    }

    /// The deadline passed; escalated at `time`.
    mutating func breach(at time: Date) {
        guard state == .running || state == .warned else { return }
        state = .breached
        escalateTime = time
    }

    /// The ticket went WAITING_FOR_MEMBER at `time`: the clock stops if the policy says so.
    mutating func pause(at time: Date) {
        guard policy.pauseWhileWaiting, state == .running || state == .warned else { return }
        pauseStart = time
        state = .paused
    }

    /// The ticket left WAITING_FOR_MEMBER at `time`: a paused clock runs again, later by the time paused.
    mutating func resume(at time: Date, on timeline: SlaTimeline) {
        guard state == .paused, let start = pauseStart else { return }
        pausedSeconds += timeline.elapsed(from: start, to: time)
        pauseStart = nil
        state = warnTime == nil ? .running : .warned
    }

    /// The milestone was reached at `time`. Returns true when this meets the clock (the first time).
    @discardableResult
    mutating func reachMilestone(at time: Date, on timeline: SlaTimeline) -> Bool {
        resume(at: time, on: timeline)
        switch state {
        case .running, .warned:
            metTime = time
            // Answered after the deadline but before the sweeper saw it: breached, and answered.
            state = time <= dueTime(on: timeline, now: time) ? .met : .breached
            return state == .met
        case .breached:
            if metTime == nil { metTime = time }
            return false
        case .met, .paused, .unspecified, .UNRECOGNIZED:
            return false
        }
    }

    /// A RESOLVED ticket (resolved at `resolveTime`) was reopened at `time`. A RESOLUTION clock that was met runs
    /// again, the RESOLVED spell left out; a FIRST_RESPONSE clock was met by the first answer and is left as it is.
    mutating func reopen(resolvedAt resolveTime: Date, at time: Date, on timeline: SlaTimeline) {
        guard policy.metBy == .resolution, state == .met else { return }
        pausedSeconds += timeline.elapsed(from: resolveTime, to: time)
        metTime = nil
        state = warnTime == nil ? .running : .warned
    }

    /// Counted seconds from receipt to the milestone, pauses left out; nil before the milestone.
    func timeToMilestone(on timeline: SlaTimeline) -> Double? {
        guard let metTime else { return nil }
        return max(0, timeline.elapsed(from: receiveTime, to: metTime) - pausedSeconds)
    }

    /// The clock as the contract shows it at `now`.
    func proto(on timeline: SlaTimeline, now: Date) -> Vdxp_Ticket_V1_SlaClock {
        .with {
            $0.policy = policy.proto
            $0.state = state
            $0.dueTime = Google_Protobuf_Timestamp(date: dueTime(on: timeline, now: now))
            if let metTime { $0.metTime = Google_Protobuf_Timestamp(date: metTime) }
            $0.paused = Google_Protobuf_Duration(seconds: Int64(paused(on: timeline, now: now).rounded()))
            if let warnTime { $0.warnTime = Google_Protobuf_Timestamp(date: warnTime) }
            if let escalateTime { $0.escalateTime = Google_Protobuf_Timestamp(date: escalateTime) }
        }
    }
}
