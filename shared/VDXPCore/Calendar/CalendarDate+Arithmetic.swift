public import Foundation

extension CalendarDate {
    /// The number of days from 1970-01-01 to this date: 0 for 1970-01-01, negative before it.
    ///
    /// Pure arithmetic (Howard Hinnant's `days_from_civil`); no `Foundation.Calendar`, no time zone.
    public var daysSinceUnixEpoch: Int {
        let year = self.month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let shiftedMonth = self.month > 2 ? self.month - 3 : self.month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days later (earlier when negative), e.g. `2026-02-28` + 1 = `2026-03-01`.
    ///
    /// - Parameter days: The number of days to add.
    public func addingDays(_ days: Int) -> CalendarDate {
        CalendarDate(Date(timeIntervalSince1970: Double(self.daysSinceUnixEpoch + days) * 86_400), utcOffsetSeconds: 0)
    }

    /// The ISO 8601 day of the week: 1 for Monday through 7 for Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let fromThursday = ((self.daysSinceUnixEpoch % 7) + 7) % 7
        return (fromThursday + 3) % 7 + 1
    }

    /// The instant at which this day, at `secondsIntoDay` on the wall clock, begins at a fixed offset from UTC — by
    /// default Vietnam time (+07:00). `2026-09-03` at 12:00 in Vietnam is `2026-09-03T05:00:00Z`.
    ///
    /// - Parameters:
    ///   - secondsIntoDay: Seconds after midnight on the wall clock; 0 by default. 86 400 is the next midnight.
    ///   - utcOffsetSeconds: The offset of the wall clock from UTC; ``vietnamUTCOffsetSeconds`` by default.
    public func instant(
        atSecondsIntoDay secondsIntoDay: Int = 0,
        utcOffsetSeconds: Int = CalendarDate.vietnamUTCOffsetSeconds
    ) -> Date {
        Date(timeIntervalSince1970: Double(self.daysSinceUnixEpoch * 86_400 + secondsIntoDay - utcOffsetSeconds))
    }
}
