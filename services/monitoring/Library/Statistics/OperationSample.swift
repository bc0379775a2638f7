import Foundation
import SwiftProtobuf
import VDXPProto

/// What one journal entry adds to the operational statistics (Art. 4.1.g): one operation — the entry's event type,
/// the kind of Exchange call or platform act it records — of one member, at the minute it was recorded, a failure or
/// not, with its latency when it has a start and an end. Pure: the times it needs from earlier entries are given.
struct OperationSample: Sendable, Equatable {
    /// The member whose operation it is.
    var organisationID: String
    /// The operation: the journal's event type (`document.sent`, `delivery.acknowledged`, `status.changed`, …).
    var operation: String
    /// When it was recorded.
    var time: Date
    /// Whether it is a failure (`delivery.failed`).
    var failed: Bool
    /// How long it took, in seconds: for `delivery.acknowledged`, from the send; for `status.changed`, from the
    /// acknowledgement. Nil for the others, and when the start is not known.
    var latency: Double?

    /// The operations Monitoring counts: Exchange's event types. Any other counts as `other` (a newer Exchange),
    /// which keeps the operation label of the metrics to this set.
    static let operations: Set<String> = [
        "document.sent", "delivery.acknowledged", "status.changed", "retract.requested", "retract.answered",
        "document.retracted", "document.revoked", "document.superseded", "revocation.confirmed", "delivery.failed",
        "delivery.retried",
    ]

    /// The operations that have a latency.
    static let timedOperations: Set<String> = ["delivery.acknowledged", "status.changed"]

    /// The sample of `event`, recorded as `entry`. Whose operation it is: the member that acted (the sender of a
    /// document, a retract request, a revocation, an update or a retry; the recipient that acknowledged, reported,
    /// answered or confirmed), and for a failed delivery or a retracted copy, the recipient. `sender` is the sender
    /// of the entry's document (from its "document.sent"), `sentAt` the send of the delivery concerned and
    /// `acknowledgedAt` its acknowledgement, when known. Nil when the member is not known.
    static func of(
        _ event: Vdxp_Exchange_V1_JournalEvent, recordedAt time: Date, eventType: String, sender: String?,
        sentAt: Date?, acknowledgedAt: Date?
    ) -> OperationSample? {
        let operation = operations.contains(eventType) ? eventType : "other"
        var member: String?
        var failed = false
        var latency: Double?
        switch event.event {
        case .documentSent(let sent): member = sent.senderOrganisationID
        case .deliveryAcknowledged(let acknowledged):
            member = acknowledged.recipientOrganisationID
            latency = sentAt.map { time.timeIntervalSince($0) }
        case .statusChanged(let changed):
            member = changed.recipientOrganisationID
            latency = acknowledgedAt.map { time.timeIntervalSince($0) }
        case .retractAnswered(let answered): member = answered.recipientOrganisationID
        case .revocationConfirmed(let confirmed): member = confirmed.recipientOrganisationID
        case .documentRetracted(let retracted): member = retracted.recipientOrganisationID
        case .deliveryFailed(let failure):
            member = failure.recipientOrganisationID
            failed = true
        case .retractRequested, .documentRevoked, .documentSuperseded, .deliveryRetried, .none: member = sender
        }
        guard let member, !member.isEmpty else { return nil }
        return OperationSample(
            organisationID: member, operation: operation, time: time, failed: failed,
            latency: latency.map { max($0, 0) })
    }
}
