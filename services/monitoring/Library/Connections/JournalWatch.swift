import Foundation
import Synchronization

/// Whether this Monitoring process follows Exchange's journal now, and the stretches in which it did not
/// (``JournalBlindness``), shared between the ``JournalFollower`` that reports it and the ``ConnectionTracker``
/// that holds members' connection states while it is blind. Blind from the start: until the follower has caught up
/// with the journal, Monitoring does not know who was active. Each replica keeps its own (each follows the journal).
final class JournalWatch: Sendable {
    private let state: Mutex<JournalBlindness>

    /// A watch that is blind from `start` (the process's start, on the service's clock).
    init(blindSince start: Date) {
        var blindness = JournalBlindness.none
        blindness.open(at: start)
        state = Mutex(blindness)
    }

    /// The stretches so far.
    var blindness: JournalBlindness { state.withLock { $0 } }

    /// The journal stopped being followed at `time` (the stream failed, or fell behind).
    func lost(at time: Date) {
        state.withLock { $0.open(at: time) }
    }

    /// The follower has applied every entry chained when it last asked: followed again from `time`.
    func caughtUp(at time: Date) {
        state.withLock { $0.close(at: time) }
    }
}
