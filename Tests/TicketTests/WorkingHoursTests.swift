import Foundation
import Testing
import VDXPCore
import VDXPProto
import VDXPRuntime

@testable import VDXPTicket

/// Art. 18.2 counts clock hours; the operator may count working hours instead (`VDXP_TICKET_SLA_CLOCK_HOURS=false`),
/// within `VDXP_TICKET_WORKDAY_START`–`VDXP_TICKET_WORKDAY_END` of the working days Central publishes.
@Suite("Working hours of the support clock (Art. 18.2)")
struct WorkingHoursTests {
    static let hour: TimeInterval = 3600
    /// Friday 6 November 2026, 09:00 Vietnam time.
    static let friday = CalendarDate(iso8601: "2026-11-06")!.instant(atSecondsIntoDay: 9 * 3600)
    static let calendar = BusinessCalendar(holidays: [])

    static func settings(_ values: [String: String]) throws -> TicketSettings {
        try TicketSettings(
            settings: Settings(values), calendar: TicketCalendarSource(globalConfiguration: GlobalConfigurationStore()))
    }

    @Test("by default a working day runs from 08:00 to 17:00")
    func standard() throws {
        let settings = try Self.settings([:])
        #expect(settings.workingHours == .standard)
        #expect(settings.workingHours.start == 8 * 3600)
        #expect(settings.workingHours.end == 17 * 3600)
    }

    @Test(
        "07:00 to 17:00: a 24-working-hour clock received Friday 09:00 is due Tuesday 13:00, weekend left out, whatever the hours are set to later"
    )
    func configuredHoursMoveTheDeadline() throws {
        let settings = try Self.settings([
            "VDXP_TICKET_WORKDAY_START": "07:00", "VDXP_TICKET_WORKDAY_END": "17:00",
            "VDXP_TICKET_SLA_CLOCK_HOURS": "false",
        ])
        let policy = try #require(settings.policies[.providedService])
        #expect(!policy.clockHours, "the policy stays explicit: working hours")
        let timeline = settings.timeline(policy)
        #expect(timeline.workingHours.length == 10 * 3600)
        // Friday 09:00–17:00 is 8 h, Monday 10 h: the last 6 h run from Tuesday 07:00.
        let clock = SupportClock(policy: policy, receiveTime: Self.friday)
        let due = clock.dueTime(on: timeline, now: Self.friday)
        let tuesday = CalendarDate(iso8601: "2026-11-10")!.instant(atSecondsIntoDay: 13 * 3600)
        #expect(due == tuesday)
        // The hours are the ticket's own: set back to 08:00–17:00 later, the same ticket keeps Tuesday 13:00, while a
        // new ticket received then is due later (Friday 8 h, Monday 9 h, Tuesday 7 h from 08:00: 15:00).
        #expect(policy.workingHours.start == 7 * 3600)
        let standard = try Self.settings(["VDXP_TICKET_SLA_CLOCK_HOURS": "false"])
        #expect(clock.dueTime(on: standard.timeline(policy), now: Self.friday) == tuesday)
        let newPolicy = try #require(standard.policies[.providedService])
        let newClock = SupportClock(policy: newPolicy, receiveTime: Self.friday)
        let later = newClock.dueTime(on: standard.timeline(newPolicy), now: Self.friday)
        #expect(later == CalendarDate(iso8601: "2026-11-10")!.instant(atSecondsIntoDay: 15 * 3600))
        // Clock hours ignore working hours altogether.
        let clockHours = try Self.settings(["VDXP_TICKET_WORKDAY_START": "07:30"])
        let clockPolicy = try #require(clockHours.policies[.providedService])
        #expect(
            SupportClock(policy: clockPolicy, receiveTime: Self.friday)
                .dueTime(on: clockHours.timeline(clockPolicy), now: Self.friday)
                == Self.friday.addingTimeInterval(24 * Self.hour))
    }

    @Test("a pause while waiting for the member is counted in working hours too")
    func pausedInWorkingHours() throws {
        let settings = try Self.settings([
            "VDXP_TICKET_WORKDAY_START": "07:00", "VDXP_TICKET_WORKDAY_END": "17:00",
            "VDXP_TICKET_SLA_CLOCK_HOURS": "false",
        ])
        let policy = try #require(settings.policies[.providedService])
        #expect(policy.pauseWhileWaiting)
        let timeline = settings.timeline(policy)
        var clock = SupportClock(policy: policy, receiveTime: Self.friday)
        let before = clock.dueTime(on: timeline, now: Self.friday)
        // Waiting for the member from Friday 10:00 to Monday 08:30: 7 h Friday and 1.5 h Monday left out.
        clock.pause(at: Self.friday.addingTimeInterval(Self.hour))
        let monday = CalendarDate(iso8601: "2026-11-09")!.instant(atSecondsIntoDay: 8 * 3600 + 1800)
        clock.resume(at: monday, on: timeline)
        #expect(clock.pausedSeconds == 8.5 * Self.hour)
        #expect(clock.dueTime(on: timeline, now: monday) > before)
    }

    @Test(
        "working hours that are not HH:mm, or that end before they start, stop the service at start naming the variable",
        arguments: [
            (["VDXP_TICKET_WORKDAY_START": "8h"], "VDXP_TICKET_WORKDAY_START"),
            (["VDXP_TICKET_WORKDAY_START": "25:00"], "VDXP_TICKET_WORKDAY_START"),
            (["VDXP_TICKET_WORKDAY_END": "17:60"], "VDXP_TICKET_WORKDAY_END"),
            (["VDXP_TICKET_WORKDAY_START": "24:00"], "VDXP_TICKET_WORKDAY_START"),
            (["VDXP_TICKET_WORKDAY_START": "17:00", "VDXP_TICKET_WORKDAY_END": "08:00"], "VDXP_TICKET_WORKDAY_END"),
            (["VDXP_TICKET_WORKDAY_START": "09:00", "VDXP_TICKET_WORKDAY_END": "09:00"], "VDXP_TICKET_WORKDAY_END"),
        ])
    func refused(values: [String: String], variable: String) throws {
        do {
            _ = try Self.settings(values)
            Issue.record("accepted \(values)")
        } catch let error as SettingsError {
            #expect(error.description.hasPrefix(variable), "\(error.description)")
        }
    }

    @Test("hours stored with a ticket are read back only when they can be working hours")
    func storedHours() {
        #expect(WorkingHours(storedStart: 7 * 3600, end: 17 * 3600)?.length == 10 * 3600)
        #expect(WorkingHours(storedStart: 0, end: 24 * 3600)?.length == 24 * 3600)
        #expect(WorkingHours(storedStart: 9 * 3600, end: 9 * 3600) == nil, "an empty day would never end a clock")
        #expect(WorkingHours(storedStart: -1, end: 3600) == nil)
        #expect(WorkingHours(storedStart: 8 * 3600, end: 24 * 3600 + 1) == nil)
    }

    @Test("a working day may end at midnight")
    func endsAtMidnight() throws {
        let settings = try Self.settings(["VDXP_TICKET_WORKDAY_START": "00:00", "VDXP_TICKET_WORKDAY_END": "24:00"])
        #expect(settings.workingHours.length == 24 * 3600)
    }
}
