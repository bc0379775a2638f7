public import Foundation
import Synchronization
public import VDXPRuntime
import VDXPTrust

/// A clock that moves only when told to: for tests.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    /// A clock standing at `now` (the current time by default), rounded down to a whole second.
    ///
    /// Why whole: PostgreSQL keeps microseconds, and a `Date` written with a fraction of one reads back up to a tenth
    /// of a microsecond off. A test that moves the clock exactly onto a deadline computed from a stored time (received
    /// at T, warned at T + 22 h) would then stand a hair before it, now and then. A whole second reads back equal.
    public init(now: Date = Date()) {
        self.current = Mutex(Date(timeIntervalSinceReferenceDate: now.timeIntervalSinceReferenceDate.rounded(.down)))
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
