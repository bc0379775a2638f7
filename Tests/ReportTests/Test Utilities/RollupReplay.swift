import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

@testable import VDXPReport

/// One member's figures on one Vietnam day.
struct MemberDay: Hashable {
    var organisationID: String
    var day: VietnamDay
}

/// Applies journal entries with ``RollupProjection`` to an in-memory read model, as ``ProjectionStore`` does in
/// PostgreSQL: the facts of each delivery, the sums per rollup row.
struct RollupReplay {
    var deliveries: [String: DeliveryFacts] = [:]
    var byKey: [RollupKey: Counts] = [:]

    /// Vietnam's working days 2025–2030 with the statutory holidays (what Central publishes by default).
    static let calendar = (try? PublicHolidayRules().calendar(years: 2025...2030)) ?? BusinessCalendar(holidays: [])

    /// The read model after `entries`, counting working days with `calendar`.
    static func replay(
        _ entries: [Vdxp_Exchange_V1_JournalEntry], calendar: BusinessCalendar = RollupReplay.calendar
    ) -> RollupReplay {
        var replay = RollupReplay()
        for entry in entries {
            // The copies past their due date first, as `JournalApplier` does.
            let day = VietnamDay(containing: entry.recordTime.date)
            let overdue = RollupProjection.overdue(Array(replay.deliveries.values), asOf: day)
            for facts in overdue.deliveries { replay.deliveries[facts.deliveryID] = facts }
            for (key, counts) in overdue.increments { replay.byKey[key, default: Counts()] += counts }
            let event = (try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload)) ?? .init()
            let known =
                RollupProjection.disposesCopies(event)
                ? replay.deliveries.filter { $0.value.documentID == entry.documentID }
                : RollupProjection.deliveryIDs(in: event).reduce(into: [String: DeliveryFacts]()) {
                    $0[$1] = replay.deliveries[$1]
                }
            let step = RollupProjection.step(
                documentID: entry.documentID, event: event, recordTime: entry.recordTime.date, known: known,
                calendar: calendar)
            for facts in step.deliveries { replay.deliveries[facts.deliveryID] = facts }
            for (key, counts) in step.increments { replay.byKey[key, default: Counts()] += counts }
        }
        return replay
    }

    /// The sums per member and day.
    var byMemberAndDay: [MemberDay: Counts] {
        byKey.reduce(into: [:]) { sums, row in
            sums[MemberDay(organisationID: row.key.organisationID, day: row.key.dimensions.day), default: Counts()] +=
                row.value
        }
    }

    /// A member's sums over every day.
    func total(of organisationID: String) -> Counts {
        byKey.filter { $0.key.organisationID == organisationID }.values.reduce(into: Counts()) { $0 += $1 }
    }
}
