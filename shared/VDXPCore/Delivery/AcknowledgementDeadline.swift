public import Foundation

/// By when a recipient must acknowledge a document, or the sender is told it was not delivered (Art. 13.2: "the sender
/// … must handle documents not sent successfully within the working day").
///
/// The rule, written down once: the deadline is the earlier of
/// - the send time plus ``acknowledgeWithin`` (a configurable time), and
/// - the end of the recipient's working day: ``workingDayEndSeconds`` after midnight, Vietnam time, of the send day
///   when the document is sent on a working day before that hour; otherwise — sent at or after that hour, or on a
///   day that is not a working day — of the next working day (``BusinessCalendar``).
///
/// With four hours and 17:00: sent Wednesday 09:00, due Wednesday 13:00; sent Wednesday 16:00, due Wednesday 17:00;
/// sent Wednesday 18:00, due Wednesday 22:00 (the four hours end first). With a window of a week, sent Friday 18:00
/// before a holiday Monday: due Tuesday 17:00.
///
/// ```swift
/// let rule = AcknowledgementDeadline(acknowledgeWithin: 4 * 3600, workingDayEndSeconds: 17 * 3600)
/// let due = rule.deadline(sentAt: sendTime, calendar: calendar)
/// ```
///
/// Pure: it never reads the clock.
public struct AcknowledgementDeadline: Hashable, Sendable {
    /// How long after sending a document must be acknowledged at the latest; 0 or more.
    public let acknowledgeWithin: TimeInterval

    /// When the recipient's working day ends, in seconds after midnight Vietnam time: 1 to 86 400.
    public let workingDayEndSeconds: Int

    /// Creates the rule; `acknowledgeWithin` below 0 counts as 0 and `workingDayEndSeconds` is clamped to
    /// 1...86 400.
    ///
    /// - Parameters:
    ///   - acknowledgeWithin: The configurable time.
    ///   - workingDayEndSeconds: The end of the working day, e.g. `17 * 3600` for 17:00.
    public init(acknowledgeWithin: TimeInterval, workingDayEndSeconds: Int) {
        self.acknowledgeWithin = max(0, acknowledgeWithin)
        self.workingDayEndSeconds = min(86_400, max(1, workingDayEndSeconds))
    }

    /// The end of the working day a document sent at `instant` belongs to: that day's end when `instant` is on a
    /// working day before its end; else the end of the next working day.
    ///
    /// - Parameters:
    ///   - instant: When the document was sent.
    ///   - calendar: The working days.
    public func endOfWorkingDay(containing instant: Date, calendar: BusinessCalendar) -> Date {
        let day = CalendarDate(instant)
        let end = day.instant(atSecondsIntoDay: self.workingDayEndSeconds)
        if calendar.isWorkingDay(day), instant < end {
            return end
        }
        return calendar.nextWorkingDay(after: day).instant(atSecondsIntoDay: self.workingDayEndSeconds)
    }

    /// The acknowledgement deadline of a document sent at `sendTime`: the earlier of `sendTime +`
    /// ``acknowledgeWithin`` and ``endOfWorkingDay(containing:calendar:)``.
    ///
    /// - Parameters:
    ///   - sendTime: When the platform accepted the document (or put the delivery back in the inbox).
    ///   - calendar: The working days.
    public func deadline(sentAt sendTime: Date, calendar: BusinessCalendar) -> Date {
        min(
            sendTime.addingTimeInterval(self.acknowledgeWithin),
            self.endOfWorkingDay(containing: sendTime, calendar: calendar))
    }
}
