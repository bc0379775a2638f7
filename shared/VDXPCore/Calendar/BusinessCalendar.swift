/// Vietnamese working days: which days count when a rule says "the next working day" or "3 working days".
///
/// A day is a working day unless it is a Saturday or a Sunday (the 40-hour, Monday-to-Friday week of State offices,
/// Decision 188/1999/QĐ-TTg) or a public holiday (Labour Code 2019 Art. 112). Two kinds of
/// exception come from the Government's annual holiday notice and are configuration:
///
/// - `holidays`: every day off. The days fixed in the solar calendar come from ``fixedSolarHolidays(year:)``; Tết
///   and Hùng Kings' Commemoration Day follow the lunar calendar and the days actually given (with the days in
///   lieu when a holiday falls on a weekend, Art. 112.3, and any days swapped into a long break) are decided each
///   year, so the caller lists them — e.g. from `VDXP_PUBLIC_HOLIDAYS` through ``parse(_:)``.
/// - `extraWorkingDays`: compensatory working days (ngày làm bù), typically a Saturday worked in exchange for a
///   weekday added to a holiday break.
///
/// A day in both sets is a holiday: a day off always wins.
///
/// ```swift
/// let calendar = BusinessCalendar(
///     holidays: Set(BusinessCalendar.fixedSolarHolidays(year: 2026))
///         .union(try BusinessCalendar.parse(environment["VDXP_PUBLIC_HOLIDAYS"] ?? ""))
/// )
/// calendar.nextWorkingDay(after: CalendarDate(iso8601: "2026-08-28")!)   // 2026-09-03 with 31 Aug configured
/// ```
///
/// Pure: it never reads the clock or the environment.
public struct BusinessCalendar: Hashable, Sendable {
    /// The days off besides Saturdays and Sundays.
    public let holidays: Set<CalendarDate>

    /// The Saturdays or Sundays declared working days.
    public let extraWorkingDays: Set<CalendarDate>

    /// Creates a calendar.
    ///
    /// `holidays` is taken as given: add ``fixedSolarHolidays(year:)`` for every year the calendar must cover.
    ///
    /// - Parameters:
    ///   - holidays: Every public holiday and day in lieu, fixed and lunar.
    ///   - extraWorkingDays: Weekend days declared working days by the annual notice; none by default.
    public init(holidays: Set<CalendarDate>, extraWorkingDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
    }

    /// True when `date` is a working day: not a holiday, and either Monday to Friday or an extra working day.
    ///
    /// - Parameter date: The day.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if self.holidays.contains(date) {
            return false
        }
        return date.isoWeekday <= 5 || self.extraWorkingDays.contains(date)
    }

    /// The first working day strictly after `date`.
    ///
    /// - Parameter date: The day to start from; it need not be a working day.
    public func nextWorkingDay(after date: CalendarDate) -> CalendarDate {
        // Terminates: the holidays are finite, so some Monday-to-Friday day after them is a working day.
        var day = date.addingDays(1)
        while !self.isWorkingDay(day) {
            day = day.addingDays(1)
        }
        return day
    }

    /// The working day `n` working days after `date` — the day a "within n working days" period ends on. Notices
    /// given n working days ahead (Art. 17.2, 18.2.b) go through ``NoticePeriod``, which states the counting rule.
    ///
    /// For `n == 0` the result is `date` itself when it is a working day, else the next working day. For `n > 0`
    /// the day `date` is not counted, working or not: Friday + 1 is the next Monday (if working). A negative `n`
    /// counts as 0.
    ///
    /// - Parameters:
    ///   - n: The number of working days, 0 or more.
    ///   - date: The day the period starts from.
    public func addingWorkingDays(_ n: Int, to date: CalendarDate) -> CalendarDate {
        guard n > 0 else {
            return self.isWorkingDay(date) ? date : self.nextWorkingDay(after: date)
        }
        var day = date
        for _ in 0..<n {
            day = self.nextWorkingDay(after: day)
        }
        return day
    }

    /// The number of working days in the half-open range (`from`, `to`]: `from` is not counted, `to` is. 0 when `to`
    /// is not after `from`.
    ///
    /// `workingDays(from: d, to: addingWorkingDays(n, to: d)) == n` for every `n > 0`.
    ///
    /// - Parameters:
    ///   - from: The day before the first day counted.
    ///   - to: The last day counted.
    public func workingDays(from: CalendarDate, to: CalendarDate) -> Int {
        var count = 0
        var day = from.addingDays(1)
        while day <= to {
            if self.isWorkingDay(day) {
                count += 1
            }
            day = day.addingDays(1)
        }
        return count
    }
}
