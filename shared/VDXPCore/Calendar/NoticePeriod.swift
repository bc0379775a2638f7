/// A notice given some working days ahead, and the one rule that counts them: Art. 17.2 (a member announces a change
/// of its gateway at least 3 working days ahead) and Art. 18.2.b (the operator announces a maintenance stop at least 5
/// working days ahead).
///
/// The counting rule, written down once: the day the notice is given does not count, whatever the hour (a period
/// counted in days begins on the day after the event, Civil Code 2015 Art. 147.1); from the next day on, only working
/// days count (``BusinessCalendar``: not Saturdays, Sundays or public holidays, but compensatory working Saturdays);
/// the day the change takes effect counts. So the change may take effect, at the earliest, on the n-th working day
/// after the notice day: a notice on Monday 2 November 2026 allows a gateway change from Thursday 5 November, and a
/// notice on Friday from the Wednesday after. Days are Vietnam days (``CalendarDate``).
///
/// ```swift
/// let earliest = NoticePeriod.gatewayChange.earliestEffectiveDay(noticeDay: today, calendar: calendar)
/// guard effective >= earliest else { … }
/// ```
///
/// Pure: it never reads the clock.
public struct NoticePeriod: Hashable, Sendable {
    /// A member's change of gateway (security server) configuration, network parameters or location: 3 working days
    /// (Art. 17.2).
    public static let gatewayChange = NoticePeriod(workingDays: 3, article: "Art. 17.2")

    /// The operator's planned stop of the platform for maintenance or upgrade: 5 working days (Art. 18.2.b).
    public static let maintenance = NoticePeriod(workingDays: 5, article: "Art. 18.2.b")

    /// How many working days ahead the notice is given, at least.
    public let workingDays: Int

    /// The article that sets the period, for messages, e.g. "Art. 17.2".
    public let article: String

    /// Creates a notice period.
    ///
    /// - Parameters:
    ///   - workingDays: The working days of notice, 0 or more.
    ///   - article: The article that sets it.
    public init(workingDays: Int, article: String) {
        self.workingDays = workingDays
        self.article = article
    }

    /// The first day a change noticed on `noticeDay` may take effect: the ``workingDays``-th working day after it.
    ///
    /// - Parameters:
    ///   - noticeDay: The day the notice is given (Vietnam time).
    ///   - calendar: The working days.
    public func earliestEffectiveDay(noticeDay: CalendarDate, calendar: BusinessCalendar) -> CalendarDate {
        calendar.addingWorkingDays(workingDays, to: noticeDay)
    }
}
