import Foundation

/// How a window of the operational statistics (Art. 4.1.g) is read: its whole hours from the hourly rollup
/// (`monitoring.operation_hours`), the minutes before its first whole hour and after its last from the per-minute
/// rows (`monitoring.operation_minutes`). An hour row holds the sums of its 60 minutes' rows, so the three parts add up
/// to exactly the window's minutes: a 31-day window reads 744 hours and at most 118 minutes per member and operation
/// instead of 44,640 minutes. A window without a whole hour inside (under an hour, or across one hour's end) is read
/// from the minutes alone. Hours are UTC hours since the Unix epoch. Pure: no I/O.
struct StatisticsWindowParts: Sendable, Equatable {
    /// The window's start (inclusive).
    var start: Date
    /// The start of the first whole hour inside the window (inclusive): the minutes from ``start`` to it are read.
    var hoursStart: Date
    /// The end of the last whole hour inside the window (exclusive): the hours from ``hoursStart`` to it are read,
    /// then the minutes from it to ``end``. Equal to ``hoursStart`` (and ``end``) when there is no whole hour.
    var hoursEnd: Date
    /// The window's end (exclusive).
    var end: Date

    /// The parts of the window from `start` (inclusive) to `end` (exclusive).
    init(from start: Date, to end: Date) {
        self.start = start
        self.end = end
        let firstHour = (start.timeIntervalSince1970 / 3600).rounded(.up) * 3600
        let lastHour = (end.timeIntervalSince1970 / 3600).rounded(.down) * 3600
        if firstHour < lastHour {
            hoursStart = Date(timeIntervalSince1970: firstHour)
            hoursEnd = Date(timeIntervalSince1970: lastHour)
        } else {
            hoursStart = end
            hoursEnd = end
        }
    }

    /// The hour `time` falls in: its start, a whole multiple of 3600 s since the Unix epoch.
    static func hour(of time: Date) -> Date {
        Date(timeIntervalSince1970: (time.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }
}
