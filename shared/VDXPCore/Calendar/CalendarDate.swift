public import Foundation

/// A day of the proleptic Gregorian calendar, without a time or a time zone: a promulgation date, a due date,
/// "today in Vietnam".
///
/// Documents carry dates as ISO 8601 calendar dates `yyyy-MM-dd` (QĐ 28 Art. 14.4), and the platform decides
/// "today" in Vietnam time (UTC+07:00, no daylight saving). VDXPCore never reads the clock: callers turn an instant
/// into a day with ``init(_:utcOffsetSeconds:)``.
///
/// ```swift
/// let today = CalendarDate(Date.now)                 // the day in Vietnam time
/// let promulgated = CalendarDate(iso8601: "2026-03-15")!
/// promulgated <= today
/// ```
///
/// Encodes to and decodes from a single `yyyy-MM-dd` string.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Vietnam's offset from UTC: +07:00, all year (QĐ 28 Art. 14.4).
    public static let vietnamUTCOffsetSeconds = 7 * 3600

    /// The year, 1 to 9999.
    public let year: Int

    /// The month, 1 to 12.
    public let month: Int

    /// The day of the month, 1 to 28, 29, 30 or 31.
    public let day: Int

    /// Creates a date from its parts, or `nil` when they name no day (February 30th, month 13, year 0).
    ///
    /// - Parameters:
    ///   - year: 1 to 9999.
    ///   - month: 1 to 12.
    ///   - day: 1 to the length of the month (leap years counted).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses an ISO 8601 calendar date written exactly `yyyy-MM-dd`, e.g. `2026-03-15`; `nil` for any other text
    /// (`2026-3-15`, `15/03/2026`, `2026-03-15T00:00:00`) or a day that does not exist (`2026-02-29`).
    ///
    /// - Parameter text: The date.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// The calendar day that contains `instant` at a fixed offset from UTC — by default Vietnam time (+07:00).
    ///
    /// This is pure arithmetic on the instant; it does not read the clock.
    ///
    /// - Parameters:
    ///   - instant: The moment, e.g. the time a request arrived.
    ///   - utcOffsetSeconds: The offset of the wall clock from UTC; ``vietnamUTCOffsetSeconds`` by default.
    public init(_ instant: Date, utcOffsetSeconds: Int = CalendarDate.vietnamUTCOffsetSeconds) {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down)) + utcOffsetSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// The date written `yyyy-MM-dd`, e.g. `2026-03-15`.
    public var iso8601: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(self.year, 4))-\(pad(self.month, 2))-\(pad(self.day, 2))"
    }

    /// The date written `yyyy-MM-dd`.
    public var description: String {
        self.iso8601
    }

    /// Earlier days sort first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The number of days of `month` in `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

extension CalendarDate: Codable {
    /// Decodes the date from a `yyyy-MM-dd` string.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the string is not a valid `yyyy-MM-dd` date.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = Self(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\(text.quotedForMessage()) is not a calendar date written yyyy-MM-dd"
            )
        }
        self = date
    }

    /// Encodes the date as a `yyyy-MM-dd` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.iso8601)
    }
}
