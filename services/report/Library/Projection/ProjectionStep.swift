import Foundation

/// What one journal entry changes in Report's read model: the deliveries it creates or updates, the counters it
/// adds and the rejection reasons it records. Built by ``RollupProjection`` without I/O; gathered with the other steps
/// of its batch in a ``ProjectionBatch``, which `ProjectionStore.write` writes in the transaction that advances the
/// cursor.
struct ProjectionStep: Equatable, Sendable {
    /// Deliveries to insert or overwrite (their facts after the entry).
    var deliveries: [DeliveryFacts] = []
    /// Counters to add, per rollup row.
    var increments: [RollupKey: Counts] = [:]
    /// Rejection reasons given, with the recipient's row.
    var rejections: [(key: RollupKey, reason: String)] = []

    /// Adds `amount` to `measure` of row `key`.
    mutating func add(_ measure: Measure, _ amount: Int64 = 1, to key: RollupKey) {
        increments[key, default: Counts()][measure] += amount
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.deliveries == rhs.deliveries && lhs.increments == rhs.increments
            && lhs.rejections.map(\.key) == rhs.rejections.map(\.key)
            && lhs.rejections.map(\.reason) == rhs.rejections.map(\.reason)
    }
}
