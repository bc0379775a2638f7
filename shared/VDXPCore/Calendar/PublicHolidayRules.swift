/// The rules that make a year's Vietnamese public holidays (Labour Code 2019 Art. 112), with Tết and Hùng Kings' day
/// computed from the lunar calendar (``LunarCalendar/vietnam``), and what each year's Government notice decides left
/// to configuration.
///
/// A year's days off are:
///
/// 1. the statutory holidays (Art. 112.1): 1 January; Tết, 5 days (``daysBeforeTet`` days before the first day of
///    the first lunar month, the rest from it on); Hùng Kings' Commemoration Day (10th day of the 3rd lunar month);
///    30 April; 1 May; 2 September and 1 September (``BusinessCalendar/fixedSolarHolidays(year:)``);
/// 2. a day in lieu for each statutory holiday that falls on a Saturday or a Sunday — the weekly rest days of State
///    offices — on the next Monday-to-Friday day that is not itself a holiday or a day in lieu (Art. 112.3);
/// 3. ``additionalDaysOff``: the days the annual notice adds (a weekday swapped into a long break).
///
/// ``workingDays`` — the compensatory working days of the notice, typically Saturdays (ngày làm bù) — are working
/// days whatever the rules above say: the configured working day wins over a weekend, over a computed holiday and
/// over a computed day in lieu, because the Government's notice is the later, more specific act. A day configured
/// both off and working is a configuration error (``calendar(years:)`` refuses it).
///
/// ```swift
/// let rules = PublicHolidayRules(daysBeforeTet: 1, workingDays: [CalendarDate(iso8601: "2026-02-07")!])
/// let calendar = try rules.calendar(years: 2025...2030)
/// calendar.isWorkingDay(CalendarDate(iso8601: "2027-02-10")!)   // false: a day in lieu for Tết on Saturday
/// ```
///
/// Pure: it never reads the clock or the environment.
public struct PublicHolidayRules: Hashable, Sendable {
    /// The number of statutory Tết days (Labour Code 2019 Art. 112.1.b).
    public static let tetDays = 5

    /// How many of the 5 Tết days come before the first day of the lunar year (the last days of the old year),
    /// 0 to 4; 1 by default (recent notices: the last day of the year and the first four days of the new one).
    public let daysBeforeTet: Int

    /// Days the annual notice adds to the holidays (days swapped into a long break), besides the computed ones.
    public let additionalDaysOff: Set<CalendarDate>

    /// Days the annual notice declares working days (compensatory working Saturdays); they win over every computed
    /// day off and every weekend.
    public let workingDays: Set<CalendarDate>

    /// The lunar calendar Tết and Hùng Kings' day are computed on; Vietnam's (UTC+07:00) by default.
    public let lunarCalendar: LunarCalendar

    /// Creates the rules.
    ///
    /// - Parameters:
    ///   - daysBeforeTet: Tết days before the first day of the lunar year, clamped to 0...4; 1 by default.
    ///   - additionalDaysOff: Days off the notice adds.
    ///   - workingDays: Days the notice declares working days.
    ///   - lunarCalendar: The lunar calendar; Vietnam's by default.
    public init(
        daysBeforeTet: Int = 1, additionalDaysOff: Set<CalendarDate> = [], workingDays: Set<CalendarDate> = [],
        lunarCalendar: LunarCalendar = .vietnam
    ) {
        self.daysBeforeTet = min(max(daysBeforeTet, 0), Self.tetDays - 1)
        self.additionalDaysOff = additionalDaysOff
        self.workingDays = workingDays
        self.lunarCalendar = lunarCalendar
    }

    /// The statutory holidays of `year` (Art. 112.1), in calendar order: the fixed solar days, the 5 Tết days and
    /// Hùng Kings' day. Tết days before the first lunar day may fall in the Gregorian year before the lunar one.
    ///
    /// - Parameter year: The Gregorian year, 1900 to 2199 (outside it only the fixed solar days).
    public func statutoryHolidays(year: Int) -> [CalendarDate] {
        var days = BusinessCalendar.fixedSolarHolidays(year: year)
        if let tet = self.lunarCalendar.tet(year: year) {
            days += (0..<Self.tetDays).map { tet.addingDays($0 - self.daysBeforeTet) }
        }
        if let hungKings = self.lunarCalendar.hungKingsDay(year: year) {
            days.append(hungKings)
        }
        return days.sorted()
    }

    /// The days in lieu of `holidays` (Art. 112.3): for each holiday on a Saturday or Sunday, in calendar order, the
    /// next Monday-to-Friday day that is neither a holiday nor an earlier day in lieu.
    ///
    /// - Parameter holidays: The statutory holidays.
    public static func daysInLieu(of holidays: [CalendarDate]) -> [CalendarDate] {
        let off = Set(holidays)
        var inLieu: [CalendarDate] = []
        var taken = off
        for holiday in holidays.sorted() where holiday.isoWeekday >= 6 {
            var day = holiday.addingDays(1)
            while day.isoWeekday >= 6 || taken.contains(day) {
                day = day.addingDays(1)
            }
            inLieu.append(day)
            taken.insert(day)
        }
        return inLieu
    }

    /// The working-day calendar for `years`: their statutory holidays and days in lieu, the additional days off,
    /// less the configured working days, which are working days.
    ///
    /// - Parameter years: The Gregorian years to cover; outside them only weekends and configured days count.
    /// - Throws: ``PublicHolidayError`` with code ``PublicHolidayError/Code/conflictingDay`` when a day is configured
    ///   both as a day off and as a working day.
    public func calendar(years: ClosedRange<Int>) throws(PublicHolidayError) -> BusinessCalendar {
        if let conflict = self.additionalDaysOff.intersection(self.workingDays).min() {
            throw PublicHolidayError(
                code: .conflictingDay,
                message: "\(conflict) is configured both as a day off and as a working day; remove it from one list"
            )
        }
        var daysOff = self.additionalDaysOff
        for year in years {
            let statutory = self.statutoryHolidays(year: year)
            daysOff.formUnion(statutory)
            daysOff.formUnion(Self.daysInLieu(of: statutory))
        }
        return BusinessCalendar(holidays: daysOff.subtracting(self.workingDays), extraWorkingDays: self.workingDays)
    }
}
