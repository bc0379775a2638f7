import Foundation
import Testing
import VDXPCore

@Suite("Sending on time after signing (Art. 13.1)")
struct TimelinessTests {
    /// The 2026 fixed solar holidays and Monday 31 August as a configured day off.
    static let calendar = BusinessCalendar(
        holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026)).union([CalendarDate(iso8601: "2026-08-31")!])
    )

    /// An instant written in ISO 8601 with its offset.
    static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// Friday 28 August 2026, 17:00 in Vietnam.
    static func fridayEvening() throws -> Date {
        try instant("2026-08-28T17:00:00+07:00")
    }

    static func evaluate(sentAt text: String, priority: Int32 = 0) throws -> Timeliness {
        Timeliness.evaluate(
            signingTime: try fridayEvening(), sendTime: try instant(text), priority: priority, calendar: calendar
        )
    }

    @Test("a document signed on Friday 17:00 before public holidays is due at 12:00 on the next working day")
    func deadlineIsNextWorkingMorning() throws {
        let verdict = try Self.evaluate(sentAt: "2026-09-03T09:30:00+07:00")
        #expect(verdict.rule == .signingDayOrNextWorkingMorning)
        #expect(verdict.deadline == (try Self.instant("2026-09-03T05:00:00Z")))
    }

    @Test("a document signed on Friday 17:00 before public holidays is on time when sent the next working morning")
    func onTimeNextWorkingMorning() throws {
        let verdict = try Self.evaluate(sentAt: "2026-09-03T09:30:00+07:00")
        #expect(verdict.isOnTime)
        #expect(
            verdict.description
                == "on time: sent 2026-09-03 09:30, deadline 2026-09-03 12:00 (UTC+07:00) — documents are sent on the"
                + " signing day, at the latest the next working morning (Art. 13.1)"
        )
        #expect(try Self.evaluate(sentAt: "2026-09-03T12:00:00+07:00").isOnTime)
    }

    @Test("… and late when sent in the afternoon of the next working day")
    func lateInTheAfternoon() throws {
        let verdict = try Self.evaluate(sentAt: "2026-09-03T13:00:00+07:00")
        #expect(!verdict.isOnTime)
        #expect(verdict.description.hasPrefix("late: sent 2026-09-03 13:00, deadline 2026-09-03 12:00"))
        #expect(!(try Self.evaluate(sentAt: "2026-09-03T12:00:01+07:00").isOnTime))
    }

    @Test("… and on time when sent on the signing day or over the weekend and holidays")
    func onTimeBeforeTheNextWorkingDay() throws {
        #expect(try Self.evaluate(sentAt: "2026-08-28T23:59:00+07:00").isOnTime)
        #expect(try Self.evaluate(sentAt: "2026-08-29T10:00:00+07:00").isOnTime)
        #expect(try Self.evaluate(sentAt: "2026-09-02T16:00:00+07:00").isOnTime)
    }

    @Test("a document signed on an ordinary Tuesday is due at 12:00 on Wednesday, Vietnam time")
    func ordinaryWeekday() throws {
        let verdict = Timeliness.evaluate(
            signingTime: try Self.instant("2026-08-25T23:30:00+07:00"),  // 16:30Z, still Tuesday in Vietnam
            sendTime: try Self.instant("2026-08-26T11:59:00+07:00"),
            priority: 0,
            calendar: Self.calendar
        )
        #expect(verdict.isOnTime)
        #expect(verdict.deadline == (try Self.instant("2026-08-26T12:00:00+07:00")))
    }

    @Test("the end of the next working morning can be configured")
    func morningEndsAtHour() throws {
        let verdict = Timeliness.evaluate(
            signingTime: try Self.fridayEvening(),
            sendTime: try Self.instant("2026-09-03T11:00:00+07:00"),
            priority: 0,
            calendar: Self.calendar,
            morningEndsAtHour: 10
        )
        #expect(!verdict.isOnTime)
        #expect(verdict.deadline == (try Self.instant("2026-09-03T10:00:00+07:00")))
    }

    @Test("an urgent document sent 30 minutes after signing is on time", arguments: [1, 2, 3, 4] as [Int32])
    func urgentOnTime(priority: Int32) throws {
        let verdict = try Self.evaluate(sentAt: "2026-08-28T17:30:00+07:00", priority: priority)
        #expect(verdict.isOnTime)
        #expect(verdict.rule == .urgentImmediately)
        #expect(verdict.deadline == (try Self.instant("2026-08-28T18:00:00+07:00")))
    }

    @Test("an urgent document sent 2 hours after signing is late with the default allowance of one hour")
    func urgentLate() throws {
        let verdict = try Self.evaluate(sentAt: "2026-08-28T19:00:00+07:00", priority: 1)
        #expect(!verdict.isOnTime)
        #expect(verdict.description.hasSuffix("urgent documents are sent immediately after signing (Art. 13.1)"))
        let generous = Timeliness.evaluate(
            signingTime: try Self.fridayEvening(),
            sendTime: try Self.instant("2026-08-28T19:00:00+07:00"),
            priority: 1,
            calendar: Self.calendar,
            urgentAllowance: 3 * 3600
        )
        #expect(generous.isOnTime)
    }

    @Test("a send stamped before the signing time counts as on time (clock skew)", arguments: [0, 1, 3] as [Int32])
    func sendBeforeSigning(priority: Int32) throws {
        #expect(try Self.evaluate(sentAt: "2026-08-28T16:58:00+07:00", priority: priority).isOnTime)
    }
}
