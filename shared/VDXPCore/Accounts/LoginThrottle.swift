public import Foundation

/// How failed sign-ins slow down password guessing: after ``allowedFailures`` failures in a row an account refuses
/// sign-ins for ``firstBlock``; each further failure (after the block ends) doubles the block, up to
/// ``maximumBlock``. A successful sign-in resets the count.
///
/// | consecutive failures | refused for |
/// |---|---|
/// | 1 – 4 | — |
/// | 5 | 15 min |
/// | 6 | 30 min |
/// | 7 | 1 h |
/// | … | doubling |
/// | 12 and more | 24 h |
///
/// ```swift
/// let until = LoginThrottle.standard.blockedUntil(afterConsecutiveFailures: failures, at: now)
/// ```
public struct LoginThrottle: Sendable, Hashable {
    /// Failures in a row that are allowed before the first block.
    public var allowedFailures: Int
    /// The first block, in seconds.
    public var firstBlock: TimeInterval
    /// The longest block, in seconds.
    public var maximumBlock: TimeInterval

    /// 5 failures, then 15 minutes, doubling, at most 24 hours.
    public static let standard = LoginThrottle(allowedFailures: 5, firstBlock: 15 * 60, maximumBlock: 86_400)

    /// Creates a throttle.
    public init(allowedFailures: Int, firstBlock: TimeInterval, maximumBlock: TimeInterval) {
        self.allowedFailures = allowedFailures
        self.firstBlock = firstBlock
        self.maximumBlock = maximumBlock
    }

    /// How long sign-ins are refused after `failures` failures in a row (counting the one just made); `nil` when
    /// they are not.
    public func block(afterConsecutiveFailures failures: Int) -> TimeInterval? {
        guard failures >= allowedFailures else { return nil }
        var duration = firstBlock
        for _ in 0..<(failures - allowedFailures) {
            duration *= 2
            if duration >= maximumBlock { return maximumBlock }
        }
        return min(duration, maximumBlock)
    }

    /// Until when sign-ins are refused after `failures` failures in a row, the last at `now`; `nil` when they are
    /// not.
    public func blockedUntil(afterConsecutiveFailures failures: Int, at now: Date) -> Date? {
        block(afterConsecutiveFailures: failures).map { now.addingTimeInterval($0) }
    }
}
