public import Foundation

/// Where a service reads the current time. Services take one so that rules measured in days, weeks and months
/// (a trial of at least a week, a lock after three months of inactivity) can be tested with an injected clock.
///
/// ```swift
/// let clock = ManualClock(now: start)
/// let definition = CentralService.definition(clock: clock.wallClock)
/// clock.advance(by: 61 * 86_400)   // two months later
/// ```
public struct WallClock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> Date

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = WallClock { Date() }
}
