import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// A journal of Exchange for the projections' batch tests: documents sent, acknowledged, registered, failed,
/// retried, asked back and sent again, interleaved so that an entry's predecessors fall in its batch or in an
/// earlier one depending on the batch sizes.
enum GeneratedJournal {
    static let senders = ["000.00.00.G22", "000.00.00.H26", "000.00.00.H29"]
    static let recipients = ["000.00.00.H26", "000.00.00.H29", "000.00.00.H31", "000.00.00.G22"]
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    /// Twenty-four documents (about 130 entries: the tests also apply them one transaction each, on a machine busy
    /// with the rest of the suite), each to one to three recipients. Two entries after a document's sending its copies
    /// are acknowledged (one in five fails first, is retried four entries later and acknowledged then), four entries
    /// after they are registered; every seventh document asks its first copy back; document 17 is sent again under
    /// its id (an update) with a new subject, right after its copies were acknowledged.
    static func entries() -> [Vdxp_Exchange_V1_JournalEntry] {
        var events: [(type: String, document: Int, event: Vdxp_Exchange_V1_JournalEvent)] = []
        func deliveries(_ document: Int) -> [(id: String, recipient: String)] {
            (0...(document % 3)).map { ("dlv-\(document)-\($0)", recipients[(document + $0) % recipients.count]) }
        }
        for document in 0..<24 {
            events.append(
                (
                    "document.sent", document,
                    .with {
                        $0.documentSent = .with {
                            $0.senderOrganisationID = senders[document % senders.count]
                            $0.subject = "Văn bản số \(document)"
                            $0.deliveries = deliveries(document).map { delivery in
                                .with {
                                    $0.deliveryID = delivery.id
                                    $0.recipientOrganisationID = delivery.recipient
                                }
                            }
                        }
                    }
                ))
            if document == 20 {
                // Document 17 sent again under its id, just after its copies were acknowledged, to its last
                // recipient again (put back to QUEUED) with a new delivery.
                events.append(
                    (
                        "document.sent", 17,
                        .with {
                            $0.documentSent = .with {
                                $0.senderOrganisationID = senders[17 % senders.count]
                                $0.subject = "Văn bản số 17 (sửa đổi)"
                                $0.deliveries = [
                                    .with {
                                        $0.deliveryID = "dlv-17-update"
                                        $0.recipientOrganisationID = deliveries(17)[2].recipient
                                    }
                                ]
                            }
                        }
                    ))
            }
            if document >= 2 {
                let acknowledged = document - 2
                for (index, delivery) in deliveries(acknowledged).enumerated() {
                    if acknowledged % 5 == 0 && index == 0 {
                        events.append(
                            (
                                "delivery.failed", acknowledged,
                                .with {
                                    $0.deliveryFailed = .with {
                                        $0.recipientOrganisationID = delivery.recipient
                                        $0.deliveryID = delivery.id
                                        $0.reason = .notAcknowledgedInTime
                                    }
                                }
                            ))
                    } else {
                        events.append(acknowledgement(of: delivery, document: acknowledged))
                    }
                }
            }
            if document >= 4 {
                let registered = document - 4
                for delivery in deliveries(registered) {
                    events.append(
                        (
                            "status.changed", registered,
                            .with {
                                $0.statusChanged = .with {
                                    $0.recipientOrganisationID = delivery.recipient
                                    $0.deliveryID = delivery.id
                                    $0.change = .with {
                                        $0.status = .registered
                                        $0.statusTime = .init(date: start.addingTimeInterval(Double(registered) * 10))
                                    }
                                }
                            }
                        ))
                }
            }
            if document >= 6, (document - 6) % 5 == 0 {
                let retried = document - 6
                let delivery = deliveries(retried)[0]
                events.append(
                    (
                        "delivery.retried", retried,
                        .with {
                            $0.deliveryRetried = .with {
                                $0.recipientOrganisationID = delivery.recipient
                                $0.deliveryID = delivery.id
                            }
                        }
                    ))
                events.append(acknowledgement(of: delivery, document: retried))
            }
            if document % 7 == 0 {
                events.append(
                    (
                        "retract.requested", document,
                        .with {
                            $0.retractRequested = .with {
                                $0.recipientOrganisationID = deliveries(document)[0].recipient
                            }
                        }
                    ))
            }
        }
        return events.enumerated().map { index, event in
            .with {
                $0.sequence = Int64(index + 1)
                $0.eventType = event.type
                $0.documentID = "doc-\(event.document)"
                $0.recordTime = .init(date: start.addingTimeInterval(Double(index) * 1.5))
                $0.payload = (try? event.event.serializedBytes()) ?? Data()
            }
        }
    }

    static func acknowledgement(of delivery: (id: String, recipient: String), document: Int) -> (
        type: String, document: Int, event: Vdxp_Exchange_V1_JournalEvent
    ) {
        (
            "delivery.acknowledged", document,
            .with {
                $0.deliveryAcknowledged = .with {
                    $0.recipientOrganisationID = delivery.recipient
                    $0.deliveryID = delivery.id
                }
            }
        )
    }

    /// `journal` cut into batches whose sizes cycle through `sizes`.
    static func batches(
        of journal: [Vdxp_Exchange_V1_JournalEntry], sizes: [Int]
    ) -> [[Vdxp_Exchange_V1_JournalEntry]] {
        var batches: [[Vdxp_Exchange_V1_JournalEntry]] = []
        var remaining = journal[...]
        while !remaining.isEmpty {
            let count = sizes[batches.count % sizes.count]
            batches.append(Array(remaining.prefix(count)))
            remaining = remaining.dropFirst(count)
        }
        return batches
    }

    /// Applies the journal with `apply` twice on one throwaway cluster — entry by entry, then in batches of 1 to 40
    /// on `schema` dropped and migrated again — and returns what `apply` read back after each run: one cluster fewer
    /// to start on a machine busy with the rest of the suite.
    static func appliedEntryByEntryAndInBatches<Tables: Sendable>(
        _ journal: [Vdxp_Exchange_V1_JournalEntry], schema: String, migrations: [Migration],
        apply: ([[Vdxp_Exchange_V1_JournalEntry]], Database, Logger) async throws -> Tables
    ) async throws -> (oneByOne: Tables, batched: Tables) {
        var runs: (Tables, Tables)?
        try await TemporaryDatabase.withDatabase(schema: schema, migrations: migrations) { database, logger in
            let oneByOne = try await apply(batches(of: journal, sizes: [1]), database, logger)
            try await TemporaryDatabase.recreate(
                schema: schema, migrations: migrations, on: database, logger: logger)
            let batched = try await apply(
                batches(of: journal, sizes: [3, 1, 40, 7, 2, 25, 11]), database, logger)
            runs = (oneByOne, batched)
        }
        guard let runs else { throw TestPlatformError("the journal was not applied") }
        return runs
    }
}
