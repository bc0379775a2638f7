import Foundation
import VDXPCore

/// A calendar day in Vietnam time (UTC+7, no daylight saving), counted in days since 1970-01-01: the unit every
/// rollup is kept in, so that a day, week, month, quarter or year ends at 24:00 +07 (QĐ 28 Art. 11.1).
struct VietnamDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Vietnam's offset from UTC, in seconds.
    static let offset: TimeInterval = 7 * 3600

    /// Days since 1970-01-01 (Vietnam time).
    let number: Int32

    /// The day `number` days after 1970-01-01.
    init(number: Int32) { self.number = number }

    /// The Vietnam-time day that contains `date`.
    init(containing date: Date) {
        number = Int32(((date.timeIntervalSince1970 + Self.offset) / 86_400).rounded(.down))
    }

    /// The Vietnam day `date` names.
    init(of date: CalendarDate) {
        self.init(containing: date.instant(atSecondsIntoDay: 0))
    }

    /// The day that begins exactly at `date` (00:00 +07), or nil when `date` is not a day boundary in Vietnam time.
    init?(startingAt date: Date) {
        let day = VietnamDay(containing: date)
        guard day.start == date else { return nil }
        self = day
    }

    /// 00:00 +07 of this day.
    var start: Date { Date(timeIntervalSince1970: TimeInterval(number) * 86_400 - Self.offset) }

    /// The day's year, month and day of month.
    var components: (year: Int, month: Int, day: Int) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: start)
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// The day of a given year, month and day of month.
    init(year: Int, month: Int, day: Int) {
        let date =
            Self.calendar.date(from: DateComponents(year: year, month: month, day: day))
            ?? Date(timeIntervalSince1970: 0)
        self.init(containing: date)
    }

    /// `2026-09-30`.
    var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }

    /// A Gregorian calendar in UTC+7.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt
        return calendar
    }()
}
