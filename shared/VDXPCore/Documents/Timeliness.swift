public import Foundation

/// Whether a document was sent in time after it was signed (Art. 13.1: "documents are sent on the signing day, at the
/// latest the next working morning; urgent documents are sent immediately after signing").
///
/// Times are instants; days and mornings are counted in Vietnam time (UTC+07:00, no daylight saving, QĐ 28
/// Art. 14.4) and working days by a ``BusinessCalendar``.
///
/// ```swift
/// let verdict = Timeliness.evaluate(
///     signingTime: signed, sendTime: sent, priority: header.priority, calendar: calendar
/// )
/// verdict.isOnTime      // false
/// verdict.description   // "late: sent 2026-09-03 13:00, deadline 2026-09-03 12:00 (UTC+07:00) — …"
/// ```
public struct Timeliness: Hashable, Sendable, CustomStringConvertible {
    /// Which sentence of Art. 13.1 sets the deadline.
    public enum Rule: Hashable, Sendable, CustomStringConvertible {
        /// Normal documents: on the signing day, at the latest the morning of the next working day.
        case signingDayOrNextWorkingMorning
        /// Urgent documents (priority 1 and above): immediately after signing, within an allowance.
        case urgentImmediately

        /// The rule in words, e.g. "urgent documents are sent immediately after signing (Art. 13.1)".
        public var description: String {
            switch self {
            case .signingDayOrNextWorkingMorning:
                return "documents are sent on the signing day, at the latest the next working morning (Art. 13.1)"
            case .urgentImmediately:
                return "urgent documents are sent immediately after signing (Art. 13.1)"
            }
        }
    }

    /// True when the document was sent no later than ``deadline``.
    public let isOnTime: Bool

    /// The last instant at which sending is on time (inclusive).
    public let deadline: Date

    /// The rule that set ``deadline``.
    public let rule: Rule

    /// When the document was signed.
    public let signingTime: Date

    /// When the document was sent.
    public let sendTime: Date

    /// The verdict for people, in Vietnam time, e.g. "on time: sent 2026-09-03 09:30, deadline 2026-09-03 12:00
    /// (UTC+07:00) — documents are sent on the signing day, at the latest the next working morning (Art. 13.1)".
    public var description: String {
        let verdict = self.isOnTime ? "on time" : "late"
        return "\(verdict): sent \(Self.vietnamTime(self.sendTime)), deadline \(Self.vietnamTime(self.deadline))"
            + " (UTC+07:00) — \(self.rule)"
    }

    /// Decides whether a document was sent in time (Art. 13.1).
    ///
    /// - Normal priority (0, and any value below 1): the deadline is the later of the end of the signing day and
    ///   `morningEndsAtHour`:00 on the first working day after the signing day, in Vietnam time — in effect the next
    ///   working morning. Signed Friday 17:00 before a holiday Monday: the deadline is Tuesday 12:00.
    /// - Priority 1 and above (urgent, very urgent, flash): the deadline is `signingTime + urgentAllowance`.
    ///
    /// A send before the signing time counts as on time: clocks of the sending system and the signing device
    /// disagree, and a document cannot be late before it is signed.
    ///
    /// Pure: it never reads the clock.
    ///
    /// - Parameters:
    ///   - signingTime: When the document was signed (the signature's signing time).
    ///   - sendTime: When the platform received it from the sender.
    ///   - priority: `DocumentHeader.priority` (``Priority``'s raw value).
    ///   - calendar: The working days.
    ///   - urgentAllowance: How long after signing "immediately" lasts; one hour by default. Negative counts as 0.
    ///   - morningEndsAtHour: The hour, Vietnam time, at which the next working morning ends; 12 by default.
    ///     Clamped to 0...24.
    /// - Returns: The verdict, its deadline and the rule applied.
    public static func evaluate(
        signingTime: Date,
        sendTime: Date,
        priority: Int32,
        calendar: BusinessCalendar,
        urgentAllowance: TimeInterval = 3600,
        morningEndsAtHour: Int = 12
    ) -> Timeliness {
        let rule: Rule
        let deadline: Date
        if priority >= Priority.urgent.rawValue {
            rule = .urgentImmediately
            deadline = signingTime.addingTimeInterval(max(0, urgentAllowance))
        } else {
            rule = .signingDayOrNextWorkingMorning
            let signingDay = CalendarDate(signingTime)
            let endOfSigningDay = signingDay.instant(atSecondsIntoDay: 86_400)
            let morningEnds = min(24, max(0, morningEndsAtHour)) * 3600
            let nextWorkingMorning = calendar.nextWorkingDay(after: signingDay).instant(atSecondsIntoDay: morningEnds)
            deadline = max(endOfSigningDay, nextWorkingMorning)
        }
        return Timeliness(
            isOnTime: sendTime <= signingTime || sendTime <= deadline,
            deadline: deadline,
            rule: rule,
            signingTime: signingTime,
            sendTime: sendTime
        )
    }

    private init(isOnTime: Bool, deadline: Date, rule: Rule, signingTime: Date, sendTime: Date) {
        self.isOnTime = isOnTime
        self.deadline = deadline
        self.rule = rule
        self.signingTime = signingTime
        self.sendTime = sendTime
    }

    /// `yyyy-MM-dd HH:mm` in Vietnam time, by pure arithmetic.
    private static func vietnamTime(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + CalendarDate.vietnamUTCOffsetSeconds
        let secondsIntoDay = ((seconds % 86_400) + 86_400) % 86_400
        func pad(_ value: Int) -> String {
            value < 10 ? "0\(value)" : String(value)
        }
        return "\(CalendarDate(instant)) \(pad(secondsIntoDay / 3600)):\(pad(secondsIntoDay % 3600 / 60))"
    }
}
