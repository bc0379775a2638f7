import SwiftProtobuf
import VDXPProto

/// A journal entry with its event decoded once. The follower's three readers of an entry — members' activity, failed
/// deliveries, operational statistics — each decoded the payload for themselves; now ``JournalFollower`` decodes it
/// once per entry and hands them this.
struct DecodedJournalEntry: Sendable {
    /// The entry as Exchange streamed it.
    var entry: Vdxp_Exchange_V1_JournalEntry
    /// Its event; nil when the payload is not a `JournalEvent` at all (malformed bytes: an event of a newer Exchange
    /// still decodes, its unknown case kept), which no reader counts and ``JournalFollower`` logs.
    var event: Vdxp_Exchange_V1_JournalEvent?

    /// Decodes `entry`'s payload.
    init(_ entry: Vdxp_Exchange_V1_JournalEntry) {
        self.entry = entry
        self.event = try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload)
    }

    /// Whether the entry is an act of its document's sender that names neither the sender nor its delivery's
    /// sender: a retract request, a retried delivery, a revocation or a replacement. Reading it needs the sender of
    /// the entry's document, from its "document.sent".
    var isSendersAct: Bool {
        switch event?.event {
        case .retractRequested, .deliveryRetried, .documentRevoked, .documentSuperseded: true
        default: false
        }
    }
}
