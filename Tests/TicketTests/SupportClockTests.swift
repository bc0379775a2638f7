import Foundation
import Testing
import VDXPCore
import VDXPProto

@testable import VDXPTicket

/// Art. 18.2: a provided-service difficulty is answered within 24 hours of receipt, a connection difficulty within
/// 48 hours; the clock warns before the deadline, breaches at it, pauses while the member holds the ticket.
@Suite("Support clock (Art. 18.2)")
struct SupportClockTests {
    static let hour: TimeInterval = 3600
    /// Monday 2 November 2026, 09:00 Vietnam time.
    static let monday = CalendarDate(iso8601: "2026-11-02")!.instant(atSecondsIntoDay: 9 * 3600)
    static let calendar = BusinessCalendar(holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026)))
    static let clockHours = SlaTimeline(clockHours: true, calendar: calendar)
    static let workingHours = SlaTimeline(clockHours: false, calendar: calendar)

    static func policy(
        hours: Int64 = 24, metBy: Vdxp_Ticket_V1_SlaMilestone = .firstResponse, clockHours: Bool = true,
        pause: Bool = true
    ) -> SupportPolicy {
        SupportPolicy(
            targetSeconds: hours * 3600, metBy: metBy, clockHours: clockHours, pauseWhileWaiting: pause,
            warningSeconds: 2 * 3600)
    }

    @Test("a provided-service ticket is due 24 clock hours after receipt")
    func dueIn24Hours() {
        let clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        #expect(clock.dueTime(on: Self.clockHours, now: Self.monday) == Self.monday.addingTimeInterval(24 * Self.hour))
        #expect(clock.due(on: Self.clockHours, now: Self.monday.addingTimeInterval(21 * Self.hour)) == .nothing)
    }

    @Test("an answer within the 24 hours meets the clock")
    func met() {
        var clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        let met = clock.reachMilestone(at: Self.monday.addingTimeInterval(3 * Self.hour), on: Self.clockHours)
        #expect(met)
        #expect(clock.state == .met)
        #expect(clock.timeToMilestone(on: Self.clockHours) == 3 * Self.hour)
        #expect(clock.due(on: Self.clockHours, now: Self.monday.addingTimeInterval(30 * Self.hour)) == .nothing)
    }

    @Test("two hours before the deadline the operator group is warned, once")
    func warned() {
        var clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        let warning = Self.monday.addingTimeInterval(22 * Self.hour)
        #expect(clock.due(on: Self.clockHours, now: warning.addingTimeInterval(-1)) == .nothing)
        #expect(clock.due(on: Self.clockHours, now: warning) == .warn)
        clock.warn(at: warning)
        #expect(clock.state == .warned)
        #expect(clock.warnTime == warning)
        #expect(clock.due(on: Self.clockHours, now: warning.addingTimeInterval(60)) == .nothing)
    }

    @Test("at the deadline the clock is breached and escalated, and stays breached when answered late")
    func breachedAndEscalated() {
        var clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        let deadline = Self.monday.addingTimeInterval(24 * Self.hour)
        #expect(clock.due(on: Self.clockHours, now: deadline) == .breach)
        clock.breach(at: deadline)
        #expect(clock.state == .breached)
        #expect(clock.escalateTime == deadline)
        let metLate = clock.reachMilestone(at: deadline.addingTimeInterval(Self.hour), on: Self.clockHours)
        #expect(!metLate)
        #expect(clock.state == .breached)
        #expect(clock.metTime == deadline.addingTimeInterval(Self.hour))
    }

    @Test("an answer after the deadline that the sweeper had not seen yet is a breach")
    func lateAnswerBeforeSweep() {
        var clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        let met = clock.reachMilestone(at: Self.monday.addingTimeInterval(25 * Self.hour), on: Self.clockHours)
        #expect(!met)
        #expect(clock.state == .breached)
    }

    @Test("time waiting for the member is left out: the deadline moves by the pause")
    func pausedAndResumed() {
        var clock = SupportClock(policy: Self.policy(metBy: .resolution), receiveTime: Self.monday)
        clock.pause(at: Self.monday.addingTimeInterval(2 * Self.hour))
        #expect(clock.state == .paused)
        #expect(clock.due(on: Self.clockHours, now: Self.monday.addingTimeInterval(40 * Self.hour)) == .nothing)
        clock.resume(at: Self.monday.addingTimeInterval(12 * Self.hour), on: Self.clockHours)
        #expect(clock.state == .running)
        #expect(clock.pausedSeconds == 10 * Self.hour)
        #expect(clock.dueTime(on: Self.clockHours, now: Self.monday) == Self.monday.addingTimeInterval(34 * Self.hour))
    }

    @Test("without the pause policy, waiting for the member does not stop the clock")
    func noPausePolicy() {
        var clock = SupportClock(policy: Self.policy(metBy: .resolution, pause: false), receiveTime: Self.monday)
        clock.pause(at: Self.monday.addingTimeInterval(2 * Self.hour))
        #expect(clock.state == .running)
        #expect(clock.due(on: Self.clockHours, now: Self.monday.addingTimeInterval(24 * Self.hour)) == .breach)
    }

    @Test("a reopened ticket runs its RESOLUTION clock again, the resolved spell left out")
    func reopenedResolutionClock() {
        var clock = SupportClock(policy: Self.policy(metBy: .resolution), receiveTime: Self.monday)
        let resolved = Self.monday.addingTimeInterval(10 * Self.hour)
        clock.reachMilestone(at: resolved, on: Self.clockHours)
        #expect(clock.state == .met)
        clock.reopen(resolvedAt: resolved, at: resolved.addingTimeInterval(20 * Self.hour), on: Self.clockHours)
        #expect(clock.state == .running)
        #expect(clock.metTime == nil)
        #expect(clock.dueTime(on: Self.clockHours, now: resolved) == Self.monday.addingTimeInterval(44 * Self.hour))
    }

    @Test("a reopened ticket keeps a FIRST_RESPONSE clock met: the first answer was given")
    func reopenedFirstResponseClock() {
        var clock = SupportClock(policy: Self.policy(), receiveTime: Self.monday)
        clock.reachMilestone(at: Self.monday.addingTimeInterval(Self.hour), on: Self.clockHours)
        clock.reopen(resolvedAt: Self.monday.addingTimeInterval(2 * Self.hour), at: Self.monday, on: Self.clockHours)
        #expect(clock.state == .met)
    }

    @Test("in working hours (08:00–17:00), 24 hours from Friday 16:00 fall due the Wednesday after at 13:00")
    func workingHoursDeadline() {
        // Friday 6 November 2026, 16:00.
        let friday = CalendarDate(iso8601: "2026-11-06")!.instant(atSecondsIntoDay: 16 * 3600)
        let clock = SupportClock(policy: Self.policy(clockHours: false), receiveTime: friday)
        let due = clock.dueTime(on: Self.workingHours, now: friday)
        // 1 h Fri + 9 h Mon + 9 h Tue = 19 h; 5 h on Wednesday: 13:00.
        #expect(due == CalendarDate(iso8601: "2026-11-11")!.instant(atSecondsIntoDay: 13 * 3600))
        #expect(Self.workingHours.elapsed(from: friday, to: due) == 24 * Self.hour)
    }

    @Test("working hours skip public holidays: National Day, 1 and 2 September 2026")
    func workingHoursSkipHolidays() {
        // Monday 31 August 2026 16:00: 1 h that day; 1 and 2 September are off; 2 h on Thursday 3 September.
        let start = CalendarDate(iso8601: "2026-08-31")!.instant(atSecondsIntoDay: 16 * 3600)
        let due = Self.workingHours.advance(start, by: 3 * Self.hour)
        #expect(due == CalendarDate(iso8601: "2026-09-03")!.instant(atSecondsIntoDay: 10 * 3600))
    }
}
