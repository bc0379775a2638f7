public import Foundation

/// Reads the dates and times a document header carries, in ISO 8601 and in the legacy forms of edXML (QCVN
/// 102:2016), and writes them back in ISO 8601 in Vietnam time (QĐ 28 Art. 14.4).
///
/// Accepted calendar dates (`promulgation.date`, `due_date`):
///
/// | form | example |
/// |---|---|
/// | `yyyy-MM-dd` (ISO 8601) | `2026-09-03` |
/// | `yyyy/MM/dd` (legacy edXML) | `2026/09/03` |
/// | `dd/MM/yyyy` (legacy edXML) | `03/09/2026` |
///
/// Accepted instants (`signing_time`):
///
/// | form | example |
/// |---|---|
/// | `yyyy-MM-ddTHH:mm:ss[.f…]Z` or `…±HH:mm` (ISO 8601) | `2026-09-03T17:00:00+07:00`, `2026-09-03T10:00:00.5Z` |
/// | `yyyy/MM/dd HH:mm:ss` (legacy edXML, Vietnam time) | `2026/09/03 17:00:00` |
/// | `dd/MM/yyyy HH:mm:ss` (legacy edXML, Vietnam time) | `03/09/2026 17:00:00` |
///
/// Every part has exactly its number of digits (4 for the year, 2 for the others, 1 to 9 for a fraction of a
/// second), the day must exist, hours are 00 to 23 and minutes and seconds 00 to 59; nothing may surround the text.
/// An ISO 8601 time must state its offset; the legacy forms never do and are read as Vietnam time (UTC+07:00).
///
/// Pure arithmetic, like ``CalendarDate``: no `DateFormatter`, no locale, no time-zone database.
///
/// ```swift
/// EdXMLDate.calendarDate("03/09/2026")?.iso8601                        // "2026-09-03"
/// let signed = EdXMLDate.instant("2026/09/03 17:00:00")!               // 10:00 UTC
/// EdXMLDate.iso8601VietnamTime(signed)                                 // "2026-09-03T17:00:00+07:00"
/// EdXMLDate.instant("2026-09-03T17:00:00")                             // nil: no offset
/// ```
public enum EdXMLDate {
    /// Reads a calendar date written `yyyy-MM-dd`, `yyyy/MM/dd` or `dd/MM/yyyy`; `nil` for any other text or a day
    /// that does not exist (`31/02/2026`).
    ///
    /// - Parameter text: The date, e.g. `2026-09-03`, `2026/09/03` or `03/09/2026`.
    /// - Returns: The day, or `nil`.
    public static func calendarDate(_ text: String) -> CalendarDate? {
        Self.calendarDate(Array(text.utf8)).map(\.date)
    }

    /// Reads an instant written in ISO 8601 with an offset (`2026-09-03T17:00:00+07:00`, `2026-09-03T10:00:00Z`,
    /// with an optional fraction of 1 to 9 digits after the seconds, kept to the microsecond), or in a legacy edXML
    /// form (`2026/09/03 17:00:00`, `03/09/2026 17:00:00`) read as Vietnam time; `nil` for any other text.
    ///
    /// - Parameter text: The time.
    /// - Returns: The instant, or `nil`.
    public static func instant(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, let (date, isISO) = Self.calendarDate(Array(bytes[0..<10])),
            bytes[10] == (isISO ? UInt8(ascii: "T") : UInt8(ascii: " ")),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = Self.number(bytes, 11..<13), hour <= 23,
            let minute = Self.number(bytes, 14..<16), minute <= 59,
            let second = Self.number(bytes, 17..<19), second <= 59
        else {
            return nil
        }
        let secondsIntoDay = hour * 3600 + minute * 60 + second
        if !isISO {
            return bytes.count == 19 ? date.instant(atSecondsIntoDay: secondsIntoDay) : nil
        }

        // An optional fraction, then the offset, which ISO 8601 times must carry.
        var index = 19
        var microseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let digits = bytes[(index + 1)...].prefix { Self.isDigit($0) }.count
            guard (1...9).contains(digits), let value = Self.number(bytes, (index + 1)..<(index + 1 + digits)) else {
                return nil
            }
            // A `Date` near today cannot hold nanoseconds: .999999999 would round up into the next second.
            microseconds = digits <= 6 ? value * Self.powerOfTen(6 - digits) : value / Self.powerOfTen(digits - 6)
            index += 1 + digits
        }
        guard let offset = Self.utcOffsetSeconds(bytes[index...]) else {
            return nil
        }
        let whole = date.instant(atSecondsIntoDay: secondsIntoDay, utcOffsetSeconds: offset)
        return whole.addingTimeInterval(Double(microseconds) / 1_000_000)
    }

    /// Writes an instant in ISO 8601 in Vietnam time, to the whole second (rounded down):
    /// `yyyy-MM-ddTHH:mm:ss+07:00`, e.g. `2026-09-03T17:00:00+07:00`.
    ///
    /// - Parameter instant: The moment.
    /// - Returns: The text.
    public static func iso8601VietnamTime(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + CalendarDate.vietnamUTCOffsetSeconds
        let secondsIntoDay = ((seconds % 86_400) + 86_400) % 86_400
        func pad(_ value: Int) -> String {
            value < 10 ? "0\(value)" : String(value)
        }
        let time = "\(pad(secondsIntoDay / 3600)):\(pad(secondsIntoDay % 3600 / 60)):\(pad(secondsIntoDay % 60))"
        return "\(CalendarDate(instant).iso8601)T\(time)+07:00"
    }

    /// The day written in `bytes` in one of the three forms, and whether it was the ISO form.
    private static func calendarDate(_ bytes: [UInt8]) -> (date: CalendarDate, isISO: Bool)? {
        guard bytes.count == 10 else {
            return nil
        }
        let dash = UInt8(ascii: "-")
        let slash = UInt8(ascii: "/")
        let parts: (year: Int?, month: Int?, day: Int?)
        let isISO: Bool
        if bytes[4] == dash, bytes[7] == dash {
            parts = (Self.number(bytes, 0..<4), Self.number(bytes, 5..<7), Self.number(bytes, 8..<10))
            isISO = true
        } else if bytes[4] == slash, bytes[7] == slash {
            parts = (Self.number(bytes, 0..<4), Self.number(bytes, 5..<7), Self.number(bytes, 8..<10))
            isISO = false
        } else if bytes[2] == slash, bytes[5] == slash {
            parts = (Self.number(bytes, 6..<10), Self.number(bytes, 3..<5), Self.number(bytes, 0..<2))
            isISO = false
        } else {
            return nil
        }
        guard let year = parts.year, let month = parts.month, let day = parts.day,
            let date = CalendarDate(year: year, month: month, day: day)
        else {
            return nil
        }
        return (date, isISO)
    }

    /// `Z`, or `+HH:mm` / `-HH:mm` with hours 00 to 23 and minutes 00 to 59, as seconds east of UTC; `nil` for
    /// anything else, including nothing.
    private static func utcOffsetSeconds(_ bytes: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(bytes)
        if bytes == [UInt8(ascii: "Z")] {
            return 0
        }
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[3] == UInt8(ascii: ":"),
            let hours = Self.number(bytes, 1..<3), hours <= 23,
            let minutes = Self.number(bytes, 4..<6), minutes <= 59
        else {
            return nil
        }
        let seconds = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// The decimal number written in `bytes[range]`, or `nil` unless every byte there is an ASCII digit.
    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for byte in bytes[range] {
            guard Self.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// 10 to the power `exponent`, for 0 to 6.
    private static func powerOfTen(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
