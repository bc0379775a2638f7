public import Foundation

/// When an inactive account is warned and locked (Art. 16): "no activity for three months → two warnings by SMS and
/// e-mail during the third month, then an automatic lock".
///
/// Months are calendar months in Vietnam time (+07:00): the first warning is due two months after the last activity,
/// the second two months and fifteen days after it, the lock three months after it. Each step after the first also
/// waits ``minimumNotice`` after the previous warning, so that a warning always leaves time to act even when the
/// job that sends them was stopped for a while.
///
/// The rule is pure: the caller passes the account's last activity, the warnings already sent since then and the
/// time; it answers what is due now. A job that applies the answer and records it is idempotent: asked again, the
/// rule answers ``InactivityStep/none`` until the next step is due.
///
/// ```swift
/// let policy = InactivityPolicy.article16
/// switch policy.step(lastActivity: account.lastActivity, warningsSent: account.warnings,
///                    lastWarning: account.lastWarningTime, now: clock.now()) {
/// case .none: break
/// case .warn(let number, let lockTime): /* send warning `number`, record it */
/// case .lock: /* lock with kind INACTIVITY, notify */
/// }
/// ```
public struct InactivityPolicy: Sendable, Hashable {
    /// Whole calendar months without activity before the first warning.
    public var firstWarningMonths: Int
    /// Calendar months, then ``secondWarningExtraDays`` days, without activity before the second warning.
    public var secondWarningMonths: Int
    /// Days added to ``secondWarningMonths``.
    public var secondWarningExtraDays: Int
    /// Whole calendar months without activity before the lock.
    public var lockMonths: Int
    /// The least time between a warning and the next step (the second warning or the lock), in seconds.
    public var minimumNotice: TimeInterval

    /// The rule of Art. 16: warnings at 2 months and at 2 months 15 days, the lock at 3 months, each step at least
    /// 3 days after the previous warning.
    public static let article16 = InactivityPolicy(
        firstWarningMonths: 2, secondWarningMonths: 2, secondWarningExtraDays: 15, lockMonths: 3,
        minimumNotice: 3 * 86_400)

    /// Creates a policy.
    public init(
        firstWarningMonths: Int, secondWarningMonths: Int, secondWarningExtraDays: Int, lockMonths: Int,
        minimumNotice: TimeInterval
    ) {
        self.firstWarningMonths = firstWarningMonths
        self.secondWarningMonths = secondWarningMonths
        self.secondWarningExtraDays = secondWarningExtraDays
        self.lockMonths = lockMonths
        self.minimumNotice = minimumNotice
    }

    /// When the first warning is due for an account last active at `lastActivity`.
    public func firstWarningTime(after lastActivity: Date) -> Date {
        Self.adding(months: firstWarningMonths, days: 0, to: lastActivity)
    }

    /// When the second warning is due for an account last active at `lastActivity`.
    public func secondWarningTime(after lastActivity: Date) -> Date {
        Self.adding(months: secondWarningMonths, days: secondWarningExtraDays, to: lastActivity)
    }

    /// When the account is locked, at the earliest, if it stays inactive.
    public func lockTime(after lastActivity: Date) -> Date {
        Self.adding(months: lockMonths, days: 0, to: lastActivity)
    }

    /// A last activity after this instant cannot have anything due at `now`: a job need only look at accounts last
    /// active at or before it. (Conservative: a month is counted as 28 days.)
    public func candidateCutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(firstWarningMonths * 28 * 86_400))
    }

    /// What is due now for an active account.
    ///
    /// - Parameters:
    ///   - lastActivity: The account's last activity (sign-in, creation or unlocking).
    ///   - warningsSent: The warnings already sent since `lastActivity`: 0, 1 or 2.
    ///   - lastWarning: When the last of them was sent; `nil` when none was.
    ///   - now: The time.
    public func step(lastActivity: Date, warningsSent: Int, lastWarning: Date?, now: Date) -> InactivityStep {
        let noticeGiven = lastWarning.map { now >= $0.addingTimeInterval(minimumNotice) } ?? true
        switch warningsSent {
        case ..<1:
            guard now >= firstWarningTime(after: lastActivity) else { return .none }
            return .warn(number: 1, lockTime: announcedLockTime(lastActivity: lastActivity, now: now))
        case 1:
            guard now >= secondWarningTime(after: lastActivity), noticeGiven else { return .none }
            return .warn(number: 2, lockTime: announcedLockTime(lastActivity: lastActivity, now: now))
        default:
            guard now >= lockTime(after: lastActivity), noticeGiven else { return .none }
            return .lock
        }
    }

    /// The lock time a warning sent at `now` announces: the lock time, or later if the notice would be too short.
    func announcedLockTime(lastActivity: Date, now: Date) -> Date {
        max(lockTime(after: lastActivity), now.addingTimeInterval(minimumNotice))
    }

    /// The Gregorian calendar in Vietnam time.
    static let vietnamCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: CalendarDate.vietnamUTCOffsetSeconds)!
        return calendar
    }()

    /// `instant` plus calendar months then days, in Vietnam time; the 31st plus a month is the end of the shorter
    /// month.
    static func adding(months: Int, days: Int, to instant: Date) -> Date {
        var components = DateComponents()
        components.month = months
        components.day = days
        return vietnamCalendar.date(byAdding: components, to: instant)
            ?? instant.addingTimeInterval(Double(months * 30 + days) * 86_400)
    }
}

/// What ``InactivityPolicy`` says is due for an account.
public enum InactivityStep: Hashable, Sendable {
    /// Nothing yet.
    case none
    /// Send warning `number` (1 or 2) by e-mail and SMS, announcing the lock at `lockTime` at the earliest.
    case warn(number: Int, lockTime: Date)
    /// Lock the account (kind INACTIVITY) and tell the person.
    case lock
}
