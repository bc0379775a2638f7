import Foundation
import Testing
import VDXPCore

/// Art. 13.2: the sender must handle a document not sent successfully within the working day, so an unacknowledged
/// delivery is due at the latest by the end of the recipient's working day.
@Suite("Acknowledgement deadline: reported the same working day (Art. 13.2)")
struct AcknowledgementDeadlineTests {
    /// The 2026 fixed solar holidays and Monday 31 August as a configured day off.
    static let calendar = BusinessCalendar(
        holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026)).union([CalendarDate(iso8601: "2026-08-31")!])
    )

    /// Four hours, and a working day that ends at 17:00.
    static let rule = AcknowledgementDeadline(acknowledgeWithin: 4 * 3600, workingDayEndSeconds: 17 * 3600)

    static func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    static func deadline(sentAt text: String, rule: AcknowledgementDeadline = rule) throws -> Date {
        rule.deadline(sentAt: try instant(text), calendar: calendar)
    }

    @Test("sent on a working morning: due the configured time later")
    func morningSendIsDueAfterTheWindow() throws {
        #expect(
            try Self.deadline(sentAt: "2026-12-02T09:00:00+07:00") == (try Self.instant("2026-12-02T13:00:00+07:00")))
    }

    @Test("sent late in the afternoon: due at the end of the working day, before the window ends")
    func afternoonSendIsDueAtTheEndOfTheDay() throws {
        #expect(
            try Self.deadline(sentAt: "2026-12-02T16:00:00+07:00") == (try Self.instant("2026-12-02T17:00:00+07:00")))
    }

    @Test("sent after the working day ended: due by the end of the next working day, the window still first")
    func eveningSendBelongsToTheNextWorkingDay() throws {
        let evening = try Self.instant("2026-12-02T18:00:00+07:00")
        #expect(
            Self.rule.endOfWorkingDay(containing: evening, calendar: Self.calendar)
                == (try Self.instant("2026-12-03T17:00:00+07:00")))
        #expect(
            try Self.deadline(sentAt: "2026-12-02T18:00:00+07:00") == (try Self.instant("2026-12-02T22:00:00+07:00")))
        let week = AcknowledgementDeadline(acknowledgeWithin: 7 * 86_400, workingDayEndSeconds: 17 * 3600)
        #expect(
            try Self.deadline(sentAt: "2026-12-02T18:00:00+07:00", rule: week)
                == (try Self.instant("2026-12-03T17:00:00+07:00")))
    }

    @Test("sent exactly at the end of the working day: it belongs to the next working day")
    func sendAtTheHourBelongsToTheNextDay() throws {
        let week = AcknowledgementDeadline(acknowledgeWithin: 7 * 86_400, workingDayEndSeconds: 17 * 3600)
        #expect(
            try Self.deadline(sentAt: "2026-12-02T17:00:00+07:00", rule: week)
                == (try Self.instant("2026-12-03T17:00:00+07:00")))
    }

    @Test("sent on Friday evening before the National Day break: due by the end of the next working day, Thursday")
    func weekendAndHolidaysAreSkipped() throws {
        let week = AcknowledgementDeadline(acknowledgeWithin: 7 * 86_400, workingDayEndSeconds: 17 * 3600)
        #expect(
            try Self.deadline(sentAt: "2026-08-28T18:00:00+07:00", rule: week)
                == (try Self.instant("2026-09-03T17:00:00+07:00")))
        #expect(
            try Self.deadline(sentAt: "2026-08-29T10:00:00+07:00", rule: week)
                == (try Self.instant("2026-09-03T17:00:00+07:00")),
            "a Saturday is not a working day")
    }

    @Test("the working day's end is a setting, and out-of-range values are clamped")
    func endOfDayIsConfigurable() throws {
        let early = AcknowledgementDeadline(acknowledgeWithin: 8 * 3600, workingDayEndSeconds: 16 * 3600 + 30 * 60)
        #expect(
            try Self.deadline(sentAt: "2026-12-02T14:00:00+07:00", rule: early)
                == (try Self.instant("2026-12-02T16:30:00+07:00")))
        let odd = AcknowledgementDeadline(acknowledgeWithin: -5, workingDayEndSeconds: 100_000)
        #expect(odd.acknowledgeWithin == 0)
        #expect(odd.workingDayEndSeconds == 86_400)
    }
}
