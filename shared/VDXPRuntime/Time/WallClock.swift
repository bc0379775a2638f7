public import Foundation
import Synchronization

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

/// A clock that moves only when told to: for tests.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    /// A clock standing at `now`.
    public init(now: Date = Date()) {
        self.current = Mutex(now)
    }

    /// The instant the clock shows.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// This clock as a `WallClock`.
    public var wallClock: WallClock { WallClock { [self] in self.now } }
}
