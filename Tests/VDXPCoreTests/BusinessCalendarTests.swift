import Testing
import VDXPCore

@Suite("Working days in Vietnam (Labour Code 2019 Art. 112; Art. 17.2)")
struct BusinessCalendarTests {
    /// A `yyyy-MM-dd` date the test knows is valid.
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(iso8601: text)!
    }

    /// The 2026 calendar: fixed solar holidays, a configured Tết break (Mon 16 – Fri 20 Feb), Monday 31 Aug as a
    /// configured day off, and Saturday 7 Feb as a compensatory working day.
    static let calendar2026 = BusinessCalendar(
        holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026))
            .union(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-08-31"].map(day)),
        extraWorkingDays: [day("2026-02-07")]
    )

    @Test("day arithmetic counts weekdays and month ends without a Foundation calendar")
    func dayArithmetic() {
        #expect(Self.day("1970-01-01").daysSinceUnixEpoch == 0)
        #expect(Self.day("1970-01-01").isoWeekday == 4)  // Thursday
        #expect(Self.day("2026-08-28").isoWeekday == 5)  // Friday
        #expect(Self.day("2026-08-30").isoWeekday == 7)  // Sunday
        #expect(Self.day("1945-09-02").isoWeekday == 7)  // Sunday
        #expect(Self.day("2024-02-28").addingDays(1) == Self.day("2024-02-29"))
        #expect(Self.day("2026-12-31").addingDays(1) == Self.day("2027-01-01"))
        #expect(Self.day("2026-03-01").addingDays(-1) == Self.day("2026-02-28"))
        #expect(Self.day("1969-12-31").addingDays(366) == Self.day("1971-01-01"))
    }

    @Test("Saturdays and Sundays are not working days; Monday to Friday are")
    func weekends() {
        let calendar = BusinessCalendar(holidays: [])
        #expect(!calendar.isWorkingDay(Self.day("2026-08-29")))  // Saturday
        #expect(!calendar.isWorkingDay(Self.day("2026-08-30")))  // Sunday
        for text in ["2026-08-24", "2026-08-25", "2026-08-26", "2026-08-27", "2026-08-28"] {
            #expect(calendar.isWorkingDay(Self.day(text)))
        }
    }

    @Test("the fixed solar holidays are 1 Jan, 30 Apr, 1 May, and National Day 2 Sep with 1 Sep (Art. 112.1)")
    func fixedSolarHolidays() {
        #expect(
            BusinessCalendar.fixedSolarHolidays(year: 2026)
                == ["2026-01-01", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"].map(Self.day)
        )
        #expect(BusinessCalendar.fixedSolarHolidays(year: 0).isEmpty)
    }

    @Test("2 September 2026 and 1 September 2026 are holidays")
    func nationalDay() {
        #expect(!Self.calendar2026.isWorkingDay(Self.day("2026-09-01")))
        #expect(!Self.calendar2026.isWorkingDay(Self.day("2026-09-02")))
        #expect(Self.calendar2026.isWorkingDay(Self.day("2026-09-03")))
    }

    @Test("a configured Tết break is honoured")
    func tet() {
        for text in ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"] {
            #expect(!Self.calendar2026.isWorkingDay(Self.day(text)))
        }
        #expect(Self.calendar2026.isWorkingDay(Self.day("2026-02-13")))
        #expect(Self.calendar2026.nextWorkingDay(after: Self.day("2026-02-13")) == Self.day("2026-02-23"))
    }

    @Test("a Saturday declared a compensatory working day is a working day")
    func extraWorkingSaturday() {
        #expect(Self.calendar2026.isWorkingDay(Self.day("2026-02-07")))
        #expect(!Self.calendar2026.isWorkingDay(Self.day("2026-02-08")))
        #expect(Self.calendar2026.nextWorkingDay(after: Self.day("2026-02-06")) == Self.day("2026-02-07"))
        #expect(Self.calendar2026.nextWorkingDay(after: Self.day("2026-02-07")) == Self.day("2026-02-09"))
    }

    @Test("a day that is both a holiday and an extra working day is a working day: the configured working day wins")
    func workingDayWins() {
        let calendar = BusinessCalendar(holidays: [Self.day("2026-02-07")], extraWorkingDays: [Self.day("2026-02-07")])
        #expect(calendar.isWorkingDay(Self.day("2026-02-07")))
    }

    @Test("the next working day skips a weekend")
    func nextWorkingDayOverWeekend() {
        let calendar = BusinessCalendar(holidays: [])
        #expect(calendar.nextWorkingDay(after: Self.day("2026-08-21")) == Self.day("2026-08-24"))  // Fri → Mon
        #expect(calendar.nextWorkingDay(after: Self.day("2026-08-22")) == Self.day("2026-08-24"))  // Sat → Mon
        #expect(calendar.nextWorkingDay(after: Self.day("2026-08-24")) == Self.day("2026-08-25"))  // Mon → Tue
    }

    @Test("the next working day skips a weekend followed by holidays")
    func nextWorkingDayOverHoliday() {
        // Fri 28 Aug → Sat, Sun, Mon 31 Aug (configured), Tue 1 and Wed 2 Sep (National Day) → Thu 3 Sep.
        #expect(Self.calendar2026.nextWorkingDay(after: Self.day("2026-08-28")) == Self.day("2026-09-03"))
        // 30 Apr (Thu) and 1 May (Fri), then the weekend → Mon 4 May.
        #expect(Self.calendar2026.nextWorkingDay(after: Self.day("2026-04-29")) == Self.day("2026-05-04"))
    }

    @Test("a change announced 3 working days ahead counts across a weekend and holidays (Art. 17.2)")
    func threeWorkingDaysAhead() {
        // From Thu 27 Aug: Fri 28 (1), Thu 3 Sep (2), Fri 4 Sep (3).
        let from = Self.day("2026-08-27")
        let effective = Self.calendar2026.addingWorkingDays(3, to: from)
        #expect(effective == Self.day("2026-09-04"))
        #expect(Self.calendar2026.workingDays(from: from, to: effective) == 3)
        #expect(Self.calendar2026.workingDays(from: from, to: Self.day("2026-09-03")) == 2)
    }

    @Test("adding 0 working days gives the day itself when working, else the next working day")
    func addingZero() {
        #expect(Self.calendar2026.addingWorkingDays(0, to: Self.day("2026-08-28")) == Self.day("2026-08-28"))
        #expect(Self.calendar2026.addingWorkingDays(0, to: Self.day("2026-08-29")) == Self.day("2026-09-03"))
    }

    @Test("working days are counted in (from, to]: the first day is left out, the last counted")
    func countingWorkingDays() {
        let calendar = BusinessCalendar(holidays: [])
        #expect(calendar.workingDays(from: Self.day("2026-08-24"), to: Self.day("2026-08-24")) == 0)
        #expect(calendar.workingDays(from: Self.day("2026-08-24"), to: Self.day("2026-08-25")) == 1)
        #expect(calendar.workingDays(from: Self.day("2026-08-21"), to: Self.day("2026-08-28")) == 5)
        #expect(calendar.workingDays(from: Self.day("2026-08-28"), to: Self.day("2026-08-21")) == 0)
        for n in 1...12 {
            let start = Self.day("2026-08-26")
            let end = Self.calendar2026.addingWorkingDays(n, to: start)
            #expect(Self.calendar2026.workingDays(from: start, to: end) == n)
        }
    }

    @Test("a holiday list separated by commas and spaces is read; blanks are an empty list")
    func parsesList() throws {
        let dates = try BusinessCalendar.parse(" 2026-02-16,2026-02-17, 2026-04-27\n2026-08-31 ,, ")
        #expect(dates == Set(["2026-02-16", "2026-02-17", "2026-04-27", "2026-08-31"].map(Self.day)))
        #expect(try BusinessCalendar.parse("").isEmpty)
        #expect(try BusinessCalendar.parse("  , ").isEmpty)
    }

    @Test(
        "a holiday list with a bad entry is refused, naming the entry",
        arguments: [
            ("2026-02-16, 2026-2-17", "2026-2-17"),
            ("2026-02-30", "2026-02-30"),
            ("2026-02-16;2026-02-17", "2026-02-16;2026-02-17"),
            ("17/02/2026 2026-02-18", "17/02/2026"),
        ]
    )
    func refusesBadEntry(text: String, entry: String) {
        #expect {
            try BusinessCalendar.parse(text)
        } throws: { error in
            guard let error = error as? PublicHolidayError else { return false }
            return error.code == .invalidDate && error.message.contains("\"\(entry)\"")
                && error.description.hasPrefix("invalidDate: ")
        }
    }
}
