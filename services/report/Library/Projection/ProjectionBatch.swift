/// What a batch of journal entries changes in Report's read model, gathered in memory while the batch is projected
/// and written at its end with one statement per table (``ProjectionStore/write(_:on:)``), instead of a handful of
/// statements per entry.
///
/// The batch is the read model as the entries before leave it: the facts of every delivery the batch touches (read
/// from the store once, at the start, then changed here), the counters added and the rejections recorded. Counters
/// and rejection counts are sums, so adding them up before writing changes nothing; a delivery's facts are written
/// as the last entry left them.
struct ProjectionBatch: Sendable {
    /// The facts of the deliveries read or changed so far, by delivery id.
    private(set) var facts: [String: DeliveryFacts]
    /// The deliveries changed, in the order first changed.
    private(set) var changedDeliveryIDs: [String] = []
    private var changed: Set<String> = []
    /// The changed copies that are still open (``DeliveryFacts/isOpen``), by due day: the only changed ones that can
    /// become overdue.
    private var openChangedByDueDay: [VietnamDay: Set<String>] = [:]
    /// The counters to add, per rollup row.
    private(set) var increments: [RollupKey: Counts] = [:]
    /// The rejection reasons given, in order, with the recipient's row.
    private(set) var rejections: [(key: RollupKey, reason: String)] = []

    /// A batch that starts from `stored`: the facts the store holds of the deliveries the batch's entries name.
    init(stored: [String: DeliveryFacts]) {
        facts = stored
    }

    /// The facts of `ids` as the entries so far left them (those the batch knows).
    func facts(of ids: [String]) -> [String: DeliveryFacts] {
        var known: [String: DeliveryFacts] = [:]
        for id in ids { if let facts = facts[id] { known[id] = facts } }
        return known
    }

    /// The facts of the deliveries of document `documentID` (every version under the id) the batch knows.
    func facts(ofDocument documentID: String) -> [String: DeliveryFacts] {
        facts.filter { $0.value.documentID == documentID }
    }

    /// The copies that may become overdue on `day`: those `stored` had open with a due day before it (read before
    /// the batch changed anything), as the batch left them, and those the batch itself changed that are open with a
    /// due day before it. ``RollupProjection/overdue(_:asOf:)`` keeps the ones that still do.
    func openCandidates(dueBefore day: VietnamDay, stored: [DeliveryFacts]) -> [DeliveryFacts] {
        var candidates: [String: DeliveryFacts] = [:]
        for stored in stored { candidates[stored.deliveryID] = facts[stored.deliveryID] ?? stored }
        for (dueDay, ids) in openChangedByDueDay where dueDay < day {
            for id in ids { candidates[id] = facts[id] }
        }
        return Array(candidates.values)
    }

    /// Adds one entry's step: its deliveries' new facts, its counters and its rejections.
    mutating func apply(_ step: ProjectionStep) {
        for delivery in step.deliveries {
            let id = delivery.deliveryID
            if changed.insert(id).inserted { changedDeliveryIDs.append(id) }
            if let dueDay = facts[id]?.dueDay { openChangedByDueDay[dueDay]?.remove(id) }
            facts[id] = delivery
            if let dueDay = delivery.dueDay, delivery.isOpen { openChangedByDueDay[dueDay, default: []].insert(id) }
        }
        for (key, counts) in step.increments where !counts.isZero { increments[key, default: Counts()] += counts }
        rejections += step.rejections
    }

    /// The changed deliveries' facts, in the order first changed.
    var changedDeliveries: [DeliveryFacts] { changedDeliveryIDs.compactMap { facts[$0] } }
}
