import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Raises the sender's DELIVERY_FAILED alert for each "delivery.failed" entry of Exchange's journal (Art. 13.2: the
/// sender handles an unsuccessful send within the working day): in its inbox, and by e-mail and SMS to its contacts
/// through the outbox (``AlertNotifier``). It records the documents sent ("document.sent", in ``SentRecords``) to know
/// each failed delivery's sender. Applied by ``JournalFollower`` inside the transaction that advances the cursor; the
/// entry's sequence is the alert's unique key, so a failed delivery alerts once even if its entry is applied again.
///
/// A document sent by a represented unit (Art. 3.3, 8.2.b: the journal names the unit as sender) alerts the unit's
/// parent member — its inbox and its contacts — since the unit has no connection, inbox or contact of its own (Central
/// answers GetMember of a unit NOT_FOUND). The parent is read from the global configuration Monitoring holds
/// (``GlobalConfigurationSnapshot/parent(ofUnit:)``) when the failure is applied.
struct FailedDeliveryAlerts: Sendable {
    let alerts: AlertStore
    /// The global configuration, for the parent of a represented unit that sent a document.
    let configuration: GlobalConfigurationStore
    let clock: WallClock
    let logger: Logger

    /// Applies one journal entry inside the caller's transaction: a sent document goes to `records`, a failed
    /// delivery raises its alert.
    func apply(
        _ decoded: DecodedJournalEntry, records: inout SentRecords, on connection: PostgresConnection
    ) async throws {
        let entry = decoded.entry
        switch decoded.event?.event {
        case .documentSent(let sent):
            records.record(
                .init(
                    documentID: entry.documentID, senderOrganisationID: sent.senderOrganisationID,
                    subject: sent.subject, sendTime: sent.hasSendTime ? sent.sendTime.date : entry.recordTime.date))
        case .deliveryFailed(let failed):
            let document = records.document(entry.documentID)
            if document == nil {
                logger.warning(
                    "a failed delivery of a document Monitoring did not see sent: the alert goes to the operator",
                    metadata: ["document": "\(entry.documentID)", "sequence": "\(entry.sequence)"])
            }
            let now = clock.now()
            let parent = document.flatMap { configuration.snapshot?.parent(ofUnit: $0.senderOrganisationID) }
            try await alerts.raise(
                AlertTexts.deliveryFailed(
                    failed, documentID: entry.documentID, document: document, parentOfUnit: parent,
                    sequence: entry.sequence, failedAt: entry.recordTime.date, detectedAt: now),
                at: now, on: connection)
        default:
            return
        }
    }
}
