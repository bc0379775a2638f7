import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// When the outbox tries a notification again: after a first failed attempt wait `firstDelay`, doubling after each
/// further failure up to `maximumDelay`; a notification not accepted within `maximumAge` of its creation is given
/// up (and the operator alerted). A pure rule: attempts and times are its inputs.
///
/// ```swift
/// let policy = RetryPolicy(firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600))
/// policy.decision(after: .transientFailure(detail: "HTTP 503"), attempt: 3, now: now, giveUpTime: giveUp)
/// // .retry(at: now + 120 s)
/// ```
struct RetryPolicy: Sendable, Equatable {
    /// The wait after the first failed attempt.
    var firstDelay: Duration
    /// The longest wait between two attempts.
    var maximumDelay: Duration
    /// How long after its creation a notification may still be delivered.
    var maximumAge: Duration

    /// What becomes of a notification after an attempt.
    enum Decision: Sendable, Equatable {
        /// Accepted by the relay or gateway: SENT.
        case sent
        /// Try again at this time: PENDING.
        case retry(at: Date)
        /// Given up: FAILED, with the reason for the operator.
        case giveUp(reason: String)
    }

    /// The wait after failed attempt number `attempt` (1 for the first).
    func delay(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        let delay = firstDelay * (1 << doublings)
        return min(delay, maximumDelay)
    }

    /// When a notification created at `createTime` is given up.
    func giveUpTime(createdAt createTime: Date) -> Date {
        createTime.addingTimeInterval(maximumAge.timeInterval)
    }

    /// What to do after attempt number `attempt` ended with `outcome` at `now`.
    func decision(after outcome: ChannelOutcome, attempt: Int, now: Date, giveUpTime: Date) -> Decision {
        switch outcome {
        case .accepted:
            return .sent
        case .permanentFailure(let detail):
            return .giveUp(reason: "refused for good: \(detail)")
        case .transientFailure(let detail):
            let next = now.addingTimeInterval(delay(afterAttempt: attempt).timeInterval)
            guard next <= giveUpTime else {
                return .giveUp(
                    reason: "not accepted after \(attempt) attempts within its maximum age; last: \(detail)")
            }
            return .retry(at: next)
        }
    }
}
