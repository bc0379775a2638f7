import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Adds each entry of Exchange's journal to the operational statistics (Art. 4.1.g), inside the journal follower's
/// transaction that advances the cursor: exactly once, and built from Monitoring's own tables — Exchange is never
/// asked again. Keeps the deliveries' send and acknowledgement times for the latencies.
struct OperationStatisticsRecorder: Sendable {
    let statistics: OperationStatisticsStore
    let documents: SentDocumentStore

    /// Applies one journal entry inside the caller's transaction: records its deliveries' times at once (a later
    /// entry of the same batch reads them) and returns its sample, which the caller adds with the batch's others
    /// (`OperationStatisticsStore.add(_:on:)`).
    func apply(_ entry: Vdxp_Exchange_V1_JournalEntry, on connection: PostgresConnection) async throws
        -> OperationSample?
    {
        guard let event = try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload) else { return nil }
        let time = entry.recordTime.date
        var deliveryID = ""
        var sentAt: Date?
        var acknowledgedAt: Date?
        switch event.event {
        case .documentSent(let sent):
            try await statistics.recordSent(
                sent.deliveries, documentID: entry.documentID, at: time, on: connection)
        case .deliveryAcknowledged(let acknowledged): deliveryID = acknowledged.deliveryID
        case .statusChanged(let changed): deliveryID = changed.deliveryID
        default: break
        }
        if !deliveryID.isEmpty, let times = try await statistics.times(of: deliveryID, on: connection) {
            sentAt = times.sendTime
            acknowledgedAt = times.acknowledgeTime
        }
        var sender: String?
        switch event.event {
        case .retractRequested, .documentRevoked, .documentSuperseded, .deliveryRetried:
            sender = try await documents.document(entry.documentID, on: connection)?.senderOrganisationID
        default: break
        }
        let sample = OperationSample.of(
            event, recordedAt: time, eventType: entry.eventType, sender: sender, sentAt: sentAt,
            acknowledgedAt: acknowledgedAt)
        switch event.event {
        case .deliveryAcknowledged(let acknowledged):
            try await statistics.recordAcknowledged(acknowledged.deliveryID, at: time, on: connection)
        case .deliveryRetried(let retried):
            try await statistics.recordRetried(retried.deliveryID, at: time, on: connection)
        default: break
        }
        return sample
    }

    /// Adds the samples of a batch's entries (``apply(_:on:)``) to the statistics, inside the caller's transaction.
    func add(_ samples: [OperationSample], on connection: PostgresConnection) async throws {
        try await statistics.add(samples, on: connection)
    }
}
