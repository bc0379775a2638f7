extension BusinessCalendar {
    /// The public holidays of `year` fixed in the solar calendar (Labour Code 2019 Art. 112.1):
    ///
    /// - 1 January — New Year's Day (Tết Dương lịch);
    /// - 30 April — Reunification Day;
    /// - 1 May — International Workers' Day;
    /// - 1 and 2 September — National Day (2 September) and "one day immediately before or after it".
    ///
    /// The Code lets each year's notice choose the day adjacent to 2 September; this returns 1 September, the choice
    /// of recent notices. For a year whose notice picks 3 September, build that year's set without this function.
    /// Tết and Hùng Kings' Commemoration Day (10th day of the 3rd lunar month) follow the lunar calendar
    /// (``LunarCalendar``); ``PublicHolidayRules`` adds them and the days in lieu (Art. 112.3).
    ///
    /// - Parameter year: The year, 1 to 9999; an empty list outside it.
    /// - Returns: Five days, in calendar order.
    public static func fixedSolarHolidays(year: Int) -> [CalendarDate] {
        [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)].compactMap { month, day in
            CalendarDate(year: year, month: month, day: day)
        }
    }

    /// Parses a list of holidays written `yyyy-MM-dd`, separated by commas, white space or both — the format of
    /// `VDXP_PUBLIC_HOLIDAYS`, e.g. `"2026-02-16, 2026-02-17 2026-02-18,2026-04-27"`.
    ///
    /// Empty entries are ignored, so an empty or blank text is an empty set.
    ///
    /// - Parameter text: The list.
    /// - Returns: The days listed.
    /// - Throws: ``PublicHolidayError`` with code ``PublicHolidayError/Code/invalidDate`` naming the first entry that
    ///   is not a real day written `yyyy-MM-dd`.
    public static func parse(_ text: String) throws(PublicHolidayError) -> Set<CalendarDate> {
        var dates = Set<CalendarDate>()
        let entries = text.split { $0 == "," || $0.isWhitespace }
        for (index, entry) in entries.enumerated() {
            guard let date = CalendarDate(iso8601: String(entry)) else {
                throw PublicHolidayError(
                    code: .invalidDate,
                    message: "holiday entry \(index + 1), \(String(entry).quotedForMessage()), is not a calendar date"
                        + " written yyyy-MM-dd (e.g. 2026-09-02); separate entries with commas or spaces"
                )
            }
            dates.insert(date)
        }
        return dates
    }
}

/// A list of public holidays that cannot be read (``BusinessCalendar/parse(_:)``).
///
/// Like gRPC's `RPCError`, it has a ``Code`` to switch on and a ``message`` naming the entry and the rule.
public struct PublicHolidayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the list is refused.
    public var code: Code

    /// What is wrong and what to do instead, in words an operator can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the list is refused.
    ///   - message: What is wrong and what to do instead.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension PublicHolidayError {
    /// The kind of a ``PublicHolidayError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// An entry is not a real day written `yyyy-MM-dd` (`2026-9-2`, `02/09/2026`, `2026-02-30`).
        case invalidDate

        /// A day is configured both as a day off and as a working day.
        case conflictingDay

        /// The code's name, e.g. `invalidDate`.
        public var description: String { rawValue }
    }
}
