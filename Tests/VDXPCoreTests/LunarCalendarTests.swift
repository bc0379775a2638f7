import Testing
import VDXPCore

@Suite("Tết and Hùng Kings' day from the lunar calendar at UTC+07:00 (Labour Code 2019 Art. 112.1)")
struct LunarCalendarTests {
    /// A `yyyy-MM-dd` date the test knows is valid.
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(iso8601: text)!
    }

    @Test(
        "Tết, the first day of the first lunar month, falls on the day Vietnam celebrates it",
        arguments: [
            (2020, "2020-01-25"), (2023, "2023-01-22"), (2024, "2024-02-10"), (2025, "2025-01-29"),
            (2026, "2026-02-17"), (2027, "2027-02-06"), (2028, "2028-01-26"), (2029, "2029-02-13"),
        ])
    func tet(year: Int, expected: String) {
        #expect(LunarCalendar.vietnam.tet(year: year) == Self.day(expected))
    }

    @Test(
        "computed at UTC+07:00, not China's UTC+08:00: Tết 1985 a month apart, 2007 and 2030 a day apart",
        arguments: [
            (1985, "1985-01-21", "1985-02-20"),
            (2007, "2007-02-17", "2007-02-18"),
            (2030, "2030-02-02", "2030-02-03"),
        ])
    func vietnamAndChinaDiffer(year: Int, vietnam: String, china: String) {
        #expect(LunarCalendar.vietnam.tet(year: year) == Self.day(vietnam))
        #expect(LunarCalendar(utcOffsetHours: 8).tet(year: year) == Self.day(china))
    }

    @Test(
        "Hùng Kings' Commemoration Day is the 10th day of the 3rd lunar month",
        arguments: [(2024, "2024-04-18"), (2025, "2025-04-07"), (2026, "2026-04-26"), (2027, "2027-04-16")])
    func hungKings(year: Int, expected: String) {
        #expect(LunarCalendar.vietnam.hungKingsDay(year: year) == Self.day(expected))
    }

    @Test("a leap month is found and named: 2023 repeated the 2nd lunar month (from 2023-03-22)")
    func leapMonth() {
        let calendar = LunarCalendar.vietnam
        #expect(calendar.solarDate(lunarYear: 2023, month: 2, day: 1) == Self.day("2023-02-20"))
        #expect(calendar.solarDate(lunarYear: 2023, month: 2, day: 1, isLeapMonth: true) == Self.day("2023-03-22"))
        #expect(calendar.solarDate(lunarYear: 2023, month: 3, day: 1) == Self.day("2023-04-20"))
        // No other month of 2023 is leap, and 2024 has none.
        #expect(calendar.solarDate(lunarYear: 2023, month: 5, day: 1, isLeapMonth: true) == nil)
        #expect(calendar.solarDate(lunarYear: 2024, month: 2, day: 1, isLeapMonth: true) == nil)
    }

    @Test("a lunar day that does not exist is nil: day 31, month 13, or day 30 of a 29-day month")
    func impossibleDays() {
        let calendar = LunarCalendar.vietnam
        #expect(calendar.solarDate(lunarYear: 2026, month: 1, day: 31) == nil)
        #expect(calendar.solarDate(lunarYear: 2026, month: 13, day: 1) == nil)
        #expect(calendar.solarDate(lunarYear: 1800, month: 1, day: 1) == nil)
        // The 12th month of lunar year 2025 (from 2026-01-19) has 29 days: Tết 2026 is the day after its 29th.
        #expect(calendar.solarDate(lunarYear: 2025, month: 12, day: 29) == Self.day("2026-02-16"))
        #expect(calendar.solarDate(lunarYear: 2025, month: 12, day: 30) == nil)
    }

    @Test("every year from 1900 to 2199 has a Tết between 21 January and 20 February")
    func tetAlwaysInItsWindow() {
        for year in 1900...2199 {
            guard let tet = LunarCalendar.vietnam.tet(year: year) else {
                Issue.record("no Tết computed for \(year)")
                continue
            }
            #expect(tet >= CalendarDate(year: year, month: 1, day: 20)!, "Tết \(year) is \(tet)")
            #expect(tet <= CalendarDate(year: year, month: 2, day: 21)!, "Tết \(year) is \(tet)")
        }
    }
}
