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
/// asked again. Keeps the deliveries' send and acknowledgement times (in ``SentRecords``) for the latencies.
struct OperationStatisticsRecorder: Sendable {
    let statistics: OperationStatisticsStore

    /// The sample of one journal entry, whose document's sender is `sender` when the entry is the sender's act
    /// (``DecodedJournalEntry/isSendersAct``); records its deliveries' times in `records` at once (a later entry of
    /// the same batch reads them). The caller adds the batch's samples together (``add(_:on:)``).
    func sample(of decoded: DecodedJournalEntry, sender: String?, records: inout SentRecords) -> OperationSample? {
        guard let event = decoded.event else { return nil }
        let entry = decoded.entry
        let time = entry.recordTime.date
        var deliveryID = ""
        switch event.event {
        case .documentSent(let sent): records.recordSent(sent.deliveries, documentID: entry.documentID, at: time)
        case .deliveryAcknowledged(let acknowledged): deliveryID = acknowledged.deliveryID
        case .statusChanged(let changed): deliveryID = changed.deliveryID
        default: break
        }
        let times = deliveryID.isEmpty ? nil : records.times(of: deliveryID)
        let sample = OperationSample.of(
            event, recordedAt: time, eventType: entry.eventType, sender: decoded.isSendersAct ? sender : nil,
            sentAt: times?.sendTime, acknowledgedAt: times?.acknowledgeTime)
        switch event.event {
        case .deliveryAcknowledged(let acknowledged): records.recordAcknowledged(acknowledged.deliveryID, at: time)
        case .deliveryRetried(let retried): records.recordRetried(retried.deliveryID, at: time)
        default: break
        }
        return sample
    }

    /// Adds the samples of a batch's entries (``sample(of:sender:records:)``) to the statistics, inside the caller's
    /// transaction.
    func add(_ samples: [OperationSample], on connection: PostgresConnection) async throws {
        try await statistics.add(samples, on: connection)
    }
}
