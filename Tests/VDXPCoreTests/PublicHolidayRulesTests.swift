import Testing
import VDXPCore

@Suite("Public holidays computed each year (Labour Code 2019 Art. 112; Art. 17.2, 18.2.b)")
struct PublicHolidayRulesTests {
    /// A `yyyy-MM-dd` date the test knows is valid.
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(iso8601: text)!
    }

    /// The calendar with the default rules and nothing configured.
    static let computed = try! PublicHolidayRules().calendar(years: 2024...2030)

    @Test("the statutory holidays of 2026: New Year, 5 Tết days around 17 February, Hùng Kings, 30/4, 1/5, 1–2/9")
    func statutory2026() {
        #expect(
            PublicHolidayRules().statutoryHolidays(year: 2026)
                == [
                    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-26",
                    "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
                ].map(Self.day))
    }

    @Test("Tết 2027 falls on a Saturday: off from Friday 5 to Thursday 11 February, the weekend given in lieu")
    func tet2027SpansAWeek() {
        for text in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"] {
            #expect(!Self.computed.isWorkingDay(Self.day(text)), "\(text) is a day off")
        }
        #expect(Self.computed.isWorkingDay(Self.day("2027-02-04")))
        #expect(Self.computed.isWorkingDay(Self.day("2027-02-12")))
        #expect(Self.computed.nextWorkingDay(after: Self.day("2027-02-04")) == Self.day("2027-02-12"))
    }

    @Test("Hùng Kings' day on Sunday 26 April 2026 gives Monday 27 April in lieu (Art. 112.3)")
    func hungKingsInLieu() {
        #expect(!Self.computed.isWorkingDay(Self.day("2026-04-27")))
        #expect(Self.computed.isWorkingDay(Self.day("2026-04-28")))
    }

    @Test("a day in lieu skips holidays: 1 January 2028 on Saturday is made up on Monday 3 January")
    func dayInLieuOfNewYear() {
        #expect(PublicHolidayRules.daysInLieu(of: [Self.day("2028-01-01")]) == [Self.day("2028-01-03")])
        // Two weekend holidays in a row are made up on two weekdays, after the weekday holidays that follow.
        #expect(
            PublicHolidayRules.daysInLieu(of: ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"].map(Self.day))
                == ["2027-02-09", "2027-02-10"].map(Self.day))
    }

    @Test("a compensatory working Saturday in the annual notice is a working day")
    func workingSaturday() throws {
        // The notice adds Monday 14 February 2028 to the break (Tết 2028 is Wednesday 26 January: a placeholder
        // swap) and has Saturday 19 February worked in exchange.
        let calendar = try PublicHolidayRules(
            additionalDaysOff: [Self.day("2028-02-14")], workingDays: [Self.day("2028-02-19")]
        ).calendar(years: 2028...2028)
        #expect(!calendar.isWorkingDay(Self.day("2028-02-14")))
        #expect(calendar.isWorkingDay(Self.day("2028-02-19")))
        #expect(!calendar.isWorkingDay(Self.day("2028-02-20")))
        #expect(calendar.nextWorkingDay(after: Self.day("2028-02-18")) == Self.day("2028-02-19"))
    }

    @Test("a configured working day wins over a computed day in lieu and over a weekend")
    func configuredWorkingDayWins() throws {
        // The notice arranges Tết 2027 otherwise and has Thursday 11 February worked.
        let calendar = try PublicHolidayRules(workingDays: [Self.day("2027-02-11"), Self.day("2027-02-13")])
            .calendar(years: 2027...2027)
        #expect(calendar.isWorkingDay(Self.day("2027-02-11")))
        #expect(calendar.isWorkingDay(Self.day("2027-02-13")))  // a Saturday
        #expect(!calendar.isWorkingDay(Self.day("2027-02-10")))
    }

    @Test("a day configured both off and working is refused, naming it")
    func conflictRefused() {
        #expect {
            try PublicHolidayRules(additionalDaysOff: [Self.day("2027-02-13")], workingDays: [Self.day("2027-02-13")])
                .calendar(years: 2027...2027)
        } throws: { error in
            guard let error = error as? PublicHolidayError else { return false }
            return error.code == .conflictingDay && error.message.contains("2027-02-13")
        }
    }

    @Test("the Tết days can be placed two before the first lunar day, still five in all")
    func twoDaysBeforeTet() {
        let days = PublicHolidayRules(daysBeforeTet: 2).statutoryHolidays(year: 2026).filter { $0.month == 2 }
        #expect(days == ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"].map(Self.day))
        #expect(PublicHolidayRules(daysBeforeTet: 9).daysBeforeTet == 4)
    }

    @Test("a gateway change announced before Tết 2027 takes effect 3 working days after it, counted past Tết (17.2)")
    func gatewayNoticeAcrossTet() {
        // Announced Thursday 4 February: Fri 12 (1), Mon 15 (2), Tue 16 (3).
        #expect(
            NoticePeriod.gatewayChange.earliestEffectiveDay(noticeDay: Self.day("2027-02-04"), calendar: Self.computed)
                == Self.day("2027-02-16"))
    }

    @Test("a maintenance stop announced before Tết 2026 is 5 working days ahead, Tết not counted (18.2.b)")
    func maintenanceNoticeAcrossTet() {
        // Announced Wednesday 11 February: Thu 12 (1), Fri 13 (2), Tết 16–20, Mon 23 (3), Tue 24 (4), Wed 25 (5).
        #expect(
            NoticePeriod.maintenance.earliestEffectiveDay(noticeDay: Self.day("2026-02-11"), calendar: Self.computed)
                == Self.day("2026-02-25"))
    }
}
