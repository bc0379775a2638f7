import Testing
import VDXPCore

/// Notices given some working days ahead, counted by one rule: Art. 17.2 (a gateway change, 3 working days) and
/// Art. 18.2.b (a maintenance stop, 5 working days).
@Suite("Notice periods in working days (Art. 17.2, 18.2.b)")
struct NoticePeriodTests {
    /// A `yyyy-MM-dd` date the test knows is valid.
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(iso8601: text)!
    }

    /// 2026 with its fixed solar holidays (National Day 1–2 September) and Monday 31 August as a configured day off.
    static let calendar = BusinessCalendar(
        holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026)).union([day("2026-08-31")]))

    @Test("the notice day does not count: a gateway change noticed on Monday takes effect from Thursday (Art. 17.2)")
    func noticeDayDoesNotCount() {
        let notice = NoticePeriod.gatewayChange
        #expect(notice.workingDays == 3)
        #expect(
            notice.earliestEffectiveDay(noticeDay: Self.day("2026-11-02"), calendar: Self.calendar)
                == Self.day("2026-11-05"))
        #expect(
            notice.earliestEffectiveDay(noticeDay: Self.day("2026-11-06"), calendar: Self.calendar)
                == Self.day("2026-11-11"))
    }

    @Test("weekends and holidays do not count: maintenance noticed Friday 28 August stops 9 September (Art. 18.2.b)")
    func holidaysDoNotCount() {
        let notice = NoticePeriod.maintenance
        let friday = Self.day("2026-08-28")
        let earliest = notice.earliestEffectiveDay(noticeDay: friday, calendar: Self.calendar)
        #expect(earliest == Self.day("2026-09-09"))  // 3, 4, 7, 8, 9 September
        #expect(Self.calendar.workingDays(from: friday, to: earliest) == notice.workingDays)
        #expect(notice.article == "Art. 18.2.b")
    }

    @Test("a notice given on a weekend counts from the next working day")
    func weekendNotice() {
        let saturday = Self.day("2026-11-07")
        #expect(
            NoticePeriod.gatewayChange.earliestEffectiveDay(noticeDay: saturday, calendar: Self.calendar)
                == Self.day("2026-11-11"))
    }
}
