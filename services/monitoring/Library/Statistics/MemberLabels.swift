import Foundation

/// Keeps the `organisation_id` label of Monitoring's per-member metrics bounded: the first `limit` members seen (the
/// busiest first, as the publisher offers them by volume) keep their own label for the life of the process — a
/// counter never changes series — and every other member is counted under `other`. With 11 operations (plus
/// `other`), two counters each and three latency gauges for the two timed operations, the per-member series are
/// at most (`limit` + 1) × (12 × 2 + 2 × 3). Pure: no I/O.
struct MemberLabels: Sendable, Equatable {
    /// The label of members past the limit.
    static let other = "other"

    /// How many members get their own label.
    let limit: Int
    /// The members that have their own label.
    private(set) var labelled: Set<String> = []

    /// Labels for at most `limit` members.
    init(limit: Int) {
        self.limit = limit
    }

    /// The label of `organisationID`: its own while there is room or once it has one, `other` after that.
    mutating func label(for organisationID: String) -> String {
        if labelled.contains(organisationID) { return organisationID }
        guard labelled.count < limit else { return Self.other }
        labelled.insert(organisationID)
        return organisationID
    }
}
