import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// An authenticated act of a member's system: a call to Exchange the journal recorded, or a heartbeat.
struct MemberActivity: Sendable, Equatable {
    /// The member that acted.
    var organisationID: String
    /// When.
    var time: Date
    /// For a heartbeat, what the system said about itself; nil for other activity.
    var heartbeatSystem: String?
    /// What it was, for the reason of a change to CONNECTED, e.g. "heartbeat", "journal: document.sent".
    var description: String

    /// The members whose systems acted in a journal entry: the sender of a document, also when it asks for a copy
    /// back, retries a failed delivery, revokes or supersedes (``DecodedJournalEntry/isSendersAct``: `sender` is then
    /// the sender of the entry's document, nil when unknown; a revocation, update or replacement is also a
    /// "document.sent", counted as such); the recipient that acknowledged a delivery, reported a status, answered a
    /// retract request or confirmed a revocation. Entries the platform itself wrote (a delivery that failed, a copy
    /// retracted) are nobody's activity.
    static func acts(in decoded: DecodedJournalEntry, sender: String? = nil) -> [MemberActivity] {
        guard let event = decoded.event else { return [] }
        let entry = decoded.entry
        let actor: String
        switch event.event {
        case .documentSent(let sent): actor = sent.senderOrganisationID
        case .deliveryAcknowledged(let acknowledged): actor = acknowledged.recipientOrganisationID
        case .statusChanged(let changed): actor = changed.recipientOrganisationID
        case .retractAnswered(let answered): actor = answered.recipientOrganisationID
        case .revocationConfirmed(let confirmed): actor = confirmed.recipientOrganisationID
        case .retractRequested, .deliveryRetried, .documentRevoked, .documentSuperseded: actor = sender ?? ""
        default: return []
        }
        guard !actor.isEmpty else { return [] }
        return [
            MemberActivity(
                organisationID: actor, time: entry.recordTime.date, heartbeatSystem: nil,
                description: "activity on Exchange (\(entry.eventType))")
        ]
    }

    /// One activity per member, the members in the order of their ids (the order every writer locks members in, so
    /// that the journal follower and an activity report never wait on each other in a cycle): the latest time and
    /// the description of the first activity — the one that would change the member's state. Updating a member once
    /// with it leaves the member as updating it with each activity in turn does, in one pair of statements per member
    /// instead of one per activity (a journal batch of a ministry's many sends). Heartbeats, which carry their system
    /// and time of their own, are kept as they are, after their member's other activity.
    static func merged(_ activities: [MemberActivity]) -> [MemberActivity] {
        var merged: [MemberActivity] = []
        var positions: [String: Int] = [:]
        for activity in activities {
            guard activity.heartbeatSystem == nil else {
                merged.append(activity)
                continue
            }
            if let position = positions[activity.organisationID] {
                merged[position].time = max(merged[position].time, activity.time)
            } else {
                positions[activity.organisationID] = merged.count
                merged.append(activity)
            }
        }
        // A stable sort: a member's own activities keep their order.
        return merged.enumerated().sorted {
            ($0.element.organisationID, $0.offset) < ($1.element.organisationID, $1.offset)
        }
        .map(\.element)
    }
}
