/// Vietnamese working days: which days count when a rule says "the next working day" or "3 working days".
///
/// A day is a working day unless it is a Saturday or a Sunday (the 40-hour, Monday-to-Friday week of State offices,
/// Decision 188/1999/QĐ-TTg) or a public holiday (Labour Code 2019 Art. 112). The calendar holds the result of the
/// rules, as two sets:
///
/// - `holidays`: every day off — the statutory holidays with Tết and Hùng Kings' day computed from the lunar calendar,
///   the days in lieu, and the days the annual notice adds (``PublicHolidayRules`` builds them);
/// - `extraWorkingDays`: compensatory working days (ngày làm bù), typically a Saturday worked in exchange for a
///   weekday added to a holiday break.
///
/// A day in `extraWorkingDays` is a working day, whatever the other set or the day of the week says: the configured
/// working day wins (the Government's notice is the more specific act). ``PublicHolidayRules`` refuses a day
/// configured both ways.
///
/// ```swift
/// let calendar = try PublicHolidayRules().calendar(years: 2025...2030)
/// // Tết 2027 is Saturday 6 February: Fri 5 – Tue 9 off, Wed 10 and Thu 11 in lieu of the weekend.
/// calendar.nextWorkingDay(after: CalendarDate(iso8601: "2027-02-04")!)   // 2027-02-12
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
    /// Both sets are taken as given; ``PublicHolidayRules/calendar(years:)`` computes them for a span of years.
    ///
    /// - Parameters:
    ///   - holidays: Every public holiday and day in lieu, fixed and lunar.
    ///   - extraWorkingDays: Weekend days declared working days by the annual notice; none by default.
    public init(holidays: Set<CalendarDate>, extraWorkingDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
    }

    /// True when `date` is a working day: an extra working day, or Monday to Friday and not a holiday.
    ///
    /// - Parameter date: The day.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if self.extraWorkingDays.contains(date) {
            return true
        }
        return date.isoWeekday <= 5 && !self.holidays.contains(date)
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
