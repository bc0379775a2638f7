import Foundation
import SwiftProtobuf
import Testing

@testable import VDXPMonitoring

/// The outbox's retries: exponential backoff with a cap, a maximum age, and no retry of what cannot succeed.
@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600))
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("the delay doubles after each failure and stops at the cap")
    func backoff() {
        #expect(policy.delay(afterAttempt: 1) == .seconds(30))
        #expect(policy.delay(afterAttempt: 2) == .seconds(60))
        #expect(policy.delay(afterAttempt: 3) == .seconds(120))
        #expect(policy.delay(afterAttempt: 5) == .seconds(480))
        #expect(policy.delay(afterAttempt: 6) == .seconds(600))
        #expect(policy.delay(afterAttempt: 1000) == .seconds(600))
    }

    @Test("an accepted message is SENT")
    func accepted() {
        #expect(
            policy.decision(after: .accepted(detail: "250 ok"), attempt: 1, now: now, giveUpTime: now) == .sent)
    }

    @Test("a transient failure is retried after the backoff")
    func transient() {
        let giveUp = policy.giveUpTime(createdAt: now)
        #expect(
            policy.decision(after: .transientFailure(detail: "HTTP 503"), attempt: 2, now: now, giveUpTime: giveUp)
                == .retry(at: now.addingTimeInterval(60)))
    }

    @Test("a transient failure whose next attempt would pass the maximum age is given up")
    func tooOld() {
        let decision = policy.decision(
            after: .transientFailure(detail: "connection refused"), attempt: 9, now: now,
            giveUpTime: now.addingTimeInterval(100))
        guard case .giveUp(let reason) = decision else {
            Issue.record("expected give-up, got \(decision)")
            return
        }
        #expect(reason.contains("connection refused"))
    }

    @Test("a permanent failure is given up at once")
    func permanent() {
        let decision = policy.decision(
            after: .permanentFailure(detail: "550 no such user"), attempt: 1, now: now,
            giveUpTime: policy.giveUpTime(createdAt: now))
        #expect(decision == .giveUp(reason: "refused for good: 550 no such user"))
    }
}
