import Foundation
import Testing
import VDXPCore

@Suite("Inactive accounts (Art. 16): two warnings during the third month, then a lock")
struct InactivityPolicyTests {
    let policy = InactivityPolicy.article16
    /// 2026-03-10 09:00 in Vietnam (02:00 UTC).
    let lastActivity = Date(timeIntervalSince1970: 1_773_108_000)

    /// `lastActivity` plus calendar months and days in Vietnam time, plus `seconds`.
    func at(months: Int = 0, days: Int = 0, seconds: TimeInterval = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return calendar.date(byAdding: DateComponents(month: months, day: days), to: lastActivity)!
            .addingTimeInterval(seconds)
    }

    @Test("nothing is due in the first two months")
    func quietFirstTwoMonths() {
        for now in [lastActivity, at(days: 30), at(months: 2, seconds: -1)] {
            #expect(policy.step(lastActivity: lastActivity, warningsSent: 0, lastWarning: nil, now: now) == .none)
        }
    }

    @Test("the first warning is due at two months and announces the lock at three")
    func firstWarning() {
        #expect(
            policy.step(lastActivity: lastActivity, warningsSent: 0, lastWarning: nil, now: at(months: 2))
                == .warn(number: 1, lockTime: at(months: 3)))
        #expect(policy.firstWarningTime(after: lastActivity) == at(months: 2))
    }

    @Test("once the first warning is recorded, nothing more is due until two and a half months")
    func idempotentAfterFirstWarning() {
        let warned = at(months: 2)
        for now in [warned, at(months: 2, days: 10), at(months: 2, days: 15, seconds: -1)] {
            #expect(policy.step(lastActivity: lastActivity, warningsSent: 1, lastWarning: warned, now: now) == .none)
        }
    }

    @Test("the second warning is due at two months and fifteen days")
    func secondWarning() {
        let now = at(months: 2, days: 15)
        #expect(
            policy.step(lastActivity: lastActivity, warningsSent: 1, lastWarning: at(months: 2), now: now)
                == .warn(number: 2, lockTime: at(months: 3)))
    }

    @Test("the lock is due at three months once both warnings were sent")
    func lockAtThreeMonths() {
        let secondWarning = at(months: 2, days: 15)
        #expect(
            policy.step(
                lastActivity: lastActivity, warningsSent: 2, lastWarning: secondWarning, now: at(months: 3, seconds: -1)
            )
                == .none)
        #expect(
            policy.step(lastActivity: lastActivity, warningsSent: 2, lastWarning: secondWarning, now: at(months: 3))
                == .lock)
    }

    @Test("never a lock without two warnings: a late job warns first")
    func lateJobWarnsFirst() {
        let late = at(months: 4)
        #expect(
            policy.step(lastActivity: lastActivity, warningsSent: 0, lastWarning: nil, now: late)
                == .warn(number: 1, lockTime: late.addingTimeInterval(policy.minimumNotice)))
    }

    @Test("each step after a warning waits three days, so a warning always leaves time to act")
    func minimumNotice() {
        let late = at(months: 4)
        #expect(policy.step(lastActivity: lastActivity, warningsSent: 1, lastWarning: late, now: late) == .none)
        #expect(
            policy.step(
                lastActivity: lastActivity, warningsSent: 1, lastWarning: late, now: late.addingTimeInterval(3 * 86_400)
            )
                == .warn(number: 2, lockTime: late.addingTimeInterval(6 * 86_400)))
        let second = late.addingTimeInterval(3 * 86_400)
        #expect(
            policy.step(
                lastActivity: lastActivity, warningsSent: 2, lastWarning: second, now: second.addingTimeInterval(86_400)
            )
                == .none)
        #expect(
            policy.step(
                lastActivity: lastActivity, warningsSent: 2, lastWarning: second,
                now: second.addingTimeInterval(3 * 86_400))
                == .lock)
    }

    @Test("months are calendar months: 31 January plus two months is the end of March")
    func calendarMonths() {
        // 2026-01-31 10:00 Vietnam time.
        let january31 = Date(timeIntervalSince1970: 1_769_828_400)
        #expect(policy.firstWarningTime(after: january31) == january31.addingTimeInterval(59 * 86_400))
        #expect(policy.lockTime(after: january31) == january31.addingTimeInterval(89 * 86_400))
    }

    @Test("the candidate cutoff never excludes an account with something due")
    func candidateCutoff() {
        for offset in stride(from: 0, to: 400 * 86_400, by: 86_400 * 7) {
            let activity = lastActivity.addingTimeInterval(TimeInterval(offset))
            let firstDue = policy.firstWarningTime(after: activity)
            #expect(activity <= policy.candidateCutoff(now: firstDue))
        }
    }
}
