public import Foundation
import Synchronization
public import VDXPRuntime
import VDXPTrust

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
