import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPStore

/// How a support clock counts time (Art. 18.2): every hour of the day (the regulation's "giờ", the default), or only
/// the working hours of Vietnamese working days (``BusinessCalendar``: not weekends, not public holidays, but
/// compensatory working Saturdays), within ``workingHours`` Vietnam time (08:00–17:00 unless configured).
///
/// Pure: it never reads the clock.
struct SlaTimeline: Sendable {
    /// Every hour counts (true), or only working hours (false).
    var clockHours: Bool
    /// The working days, for working hours.
    var calendar: BusinessCalendar
    /// The hours of a working day that count.
    var workingHours: WorkingHours = .standard

    /// The seconds counted between `start` and `end` (0 when `end` is not after `start`).
    func elapsed(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        if clockHours { return end.timeIntervalSince(start) }
        var total: TimeInterval = 0
        var day = CalendarDate(start)
        let lastDay = CalendarDate(end)
        while day <= lastDay {
            if calendar.isWorkingDay(day) {
                let open = max(start, day.instant(atSecondsIntoDay: workingHours.start))
                let close = min(end, day.instant(atSecondsIntoDay: workingHours.end))
                if close > open { total += close.timeIntervalSince(open) }
            }
            day = day.addingDays(1)
        }
        return total
    }

    /// The instant at which `seconds` counted seconds have passed since `start`.
    func advance(_ start: Date, by seconds: TimeInterval) -> Date {
        if clockHours || seconds <= 0 { return start.addingTimeInterval(max(seconds, 0)) }
        var remaining = seconds
        var from = start
        var day = CalendarDate(start)
        while true {
            if calendar.isWorkingDay(day) {
                let open = max(from, day.instant(atSecondsIntoDay: workingHours.start))
                let close = day.instant(atSecondsIntoDay: workingHours.end)
                if close > open {
                    let available = close.timeIntervalSince(open)
                    if remaining <= available { return open.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            day = day.addingDays(1)
            from = day.instant()
        }
    }
}
