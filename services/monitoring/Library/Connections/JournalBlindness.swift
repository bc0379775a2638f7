import Foundation

/// The stretches of time in which Monitoring could not see members' activity on Exchange: its journal follower was
/// not connected, was still catching up, or had fallen behind. A member cannot be told apart from the platform in
/// such a stretch — when Exchange is down, no member can call it — so a member's silence is counted only outside
/// them (``ConnectionRule``): an Exchange outage or a Monitoring restart neither degrades nor loses anyone's
/// connection, and silence resumes counting once the journal is followed again. A pure value.
///
/// ```swift
/// var blindness = JournalBlindness.none
/// blindness.open(at: exchangeWentAway)
/// blindness.close(at: caughtUp)
/// blindness.counted(from: lastActivity, to: now)   // seconds of silence that count
/// ```
struct JournalBlindness: Sendable, Equatable {
    /// Since when the journal has not been followed, if it is not followed now.
    var openSince: Date?
    /// Earlier stretches, oldest first, not overlapping.
    var closed: [DateInterval] = []

    /// Nothing unseen: the journal is followed and always was (or Monitoring follows no journal).
    static let none = JournalBlindness()

    /// How many closed stretches are kept: enough for any silence that still matters, bounded in memory.
    static let kept = 1000

    /// Whether the journal is not followed now: connection states are held.
    var isOpen: Bool { openSince != nil }

    /// The journal stopped being followed at `time` (no effect if it is already not followed).
    mutating func open(at time: Date) {
        if openSince == nil { openSince = time }
    }

    /// The journal is followed again, caught up at `time`: the open stretch, if any, is closed there.
    mutating func close(at time: Date) {
        guard let since = openSince else { return }
        openSince = nil
        if time > since { closed.append(DateInterval(start: since, end: time)) }
        if closed.count > Self.kept { closed.removeFirst(closed.count - Self.kept) }
    }

    /// Every stretch up to `now`, the open one ending at `now`, clipped to start at or after `start`.
    private func stretches(from start: Date, to now: Date) -> [DateInterval] {
        var all = closed
        if let openSince, now > openSince { all.append(DateInterval(start: openSince, end: now)) }
        return all.compactMap { stretch in
            let from = max(stretch.start, start)
            let to = min(stretch.end, now)
            return to > from ? DateInterval(start: from, end: to) : nil
        }
    }

    /// The seconds between `start` and `now` that were seen (outside every stretch): the silence that counts.
    func counted(from start: Date, to now: Date) -> TimeInterval {
        guard now > start else { return 0 }
        return now.timeIntervalSince(start) - unseen(from: start, to: now)
    }

    /// The seconds between `start` and `now` that were not seen.
    func unseen(from start: Date, to now: Date) -> TimeInterval {
        stretches(from: start, to: now).reduce(0) { $0 + $1.duration }
    }

    /// The instant at which `seconds` of seen time had passed since `start` (stretches skipped): when a silence from
    /// `start` crossed a threshold of `seconds`. Without stretches, `start + seconds`.
    func instant(from start: Date, counting seconds: TimeInterval, to now: Date) -> Date {
        var remaining = seconds
        var time = start
        for stretch in stretches(from: start, to: now) where stretch.start >= time {
            let seen = stretch.start.timeIntervalSince(time)
            if seen >= remaining { return time.addingTimeInterval(remaining) }
            remaining -= seen
            time = stretch.end
        }
        return time.addingTimeInterval(remaining)
    }
}
