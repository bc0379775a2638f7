public import Foundation

/// An instant as people in Vietnam read it in an e-mail, an SMS or a notice: `08:00 09/11/2026 (giờ Việt Nam)`,
/// on the clock of UTC+7 (QĐ 28 Art. 14.4: times are Vietnam time), whatever the server's own time zone.
///
/// ```swift
/// VietnamTime.text(window.startTime)   // "08:00 09/11/2026 (giờ Việt Nam)"
/// ```
public enum VietnamTime {
    /// `HH:mm dd/MM/yyyy (giờ Việt Nam)`, to the minute (seconds dropped, not rounded).
    public static func text(_ instant: Date) -> String {
        let day = CalendarDate(instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + CalendarDate.vietnamUTCOffsetSeconds
        let secondsIntoDay = ((seconds % 86_400) + 86_400) % 86_400
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(secondsIntoDay / 3600)):\(pad(secondsIntoDay % 3600 / 60)) "
            + "\(pad(day.day))/\(pad(day.month))/\(pad(day.year, 4)) (giờ Việt Nam)"
    }
}
