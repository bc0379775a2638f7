import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Monitoring's journal follower applies a batch of entries in one transaction, reading the sent documents and the
/// deliveries' times once for the batch and writing what it changed once (``SentRecords``): an entry must still see
/// what an earlier entry of its batch recorded. Applied in batches of any size, a journal leaves Monitoring's tables
/// as applying it entry by entry does, and as the journal says.
@Suite("Monitoring: a journal applied in batches, as entry by entry", .timeLimit(.minutes(3)))
struct MonitoringJournalBatchTests {
    static let senders = ["000.00.00.G22", "000.00.00.H26", "000.00.00.H29"]
    static let recipients = ["000.00.00.H26", "000.00.00.H29", "000.00.00.H31", "000.00.00.G22"]
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("sent, acknowledged within and across batches, failed, retried: batches of 1 to 40 store what 1 by 1 does")
    func batchesAsEntryByEntry() async throws {
        let journal = Self.journal()
        let oneByOne = try await Self.apply(journal, inBatchesOf: [1])
        let batched = try await Self.apply(journal, inBatchesOf: [3, 1, 40, 7, 2, 25, 11])

        let expected = Self.expectedRecords(of: journal)
        #expect(oneByOne.documents == expected.documents)
        #expect(oneByOne.deliveries == expected.deliveries)
        #expect(batched.documents == expected.documents)
        #expect(batched.deliveries == expected.deliveries)
        #expect(batched.statistics == oneByOne.statistics)
        #expect(batched.alerts == oneByOne.alerts)
        #expect(batched.members == oneByOne.members)
        // The acknowledgements of the journal all had a latency: each found its delivery's send time.
        #expect(oneByOne.statistics.contains("delivery.acknowledged"))
        #expect(oneByOne.alertsOfJournalEntries == Self.failedCount(in: journal))
    }

    /// Each table's rows as text, sorted.
    struct Tables: Equatable {
        var documents: String
        var deliveries: String
        var statistics: String
        var alerts: String
        var alertsOfJournalEntries: Int
        var members: String
    }

    /// Applies `journal` to a new Monitoring schema through the follower, in batches whose sizes cycle through
    /// `sizes`, and reads the tables back.
    static func apply(_ journal: [Vdxp_Exchange_V1_JournalEntry], inBatchesOf sizes: [Int]) async throws -> Tables {
        var tables: Tables?
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let follower = follower(on: database, logger: logger)
            var remaining = journal[...]
            var size = 0
            while !remaining.isEmpty {
                let count = sizes[size % sizes.count]
                size += 1
                try await follower.apply(Array(remaining.prefix(count)))
                remaining = remaining.dropFirst(count)
            }
            // Applied again, nothing changes: the cursor skips it.
            try await follower.apply(Array(journal.suffix(30)))
            tables = Tables(
                documents: try await rows(
                    """
                    SELECT document_id, sender_organisation_id, subject, \(epochMilliseconds("send_time"))
                    FROM monitoring.documents
                    """, on: database),
                deliveries: try await rows(
                    """
                    SELECT delivery_id, document_id, recipient_organisation_id, \(epochMilliseconds("send_time")),
                           \(epochMilliseconds("acknowledge_time"))
                    FROM monitoring.deliveries
                    """, on: database),
                statistics: try await rows("SELECT * FROM monitoring.operation_minutes", on: database)
                    + (try await rows("SELECT * FROM monitoring.operation_totals", on: database)),
                alerts: try await rows(
                    """
                    SELECT kind, organisation_id, document_id, recipient_organisation_id, summary, detail,
                           journal_sequence
                    FROM monitoring.alerts
                    """, on: database),
                alertsOfJournalEntries: try await count(
                    "SELECT count(*) FROM monitoring.alerts WHERE journal_sequence IS NOT NULL", on: database),
                members: try await rows(
                    """
                    SELECT organisation_id, state, \(epochMilliseconds("last_activity_time"))
                    FROM monitoring.member_connections
                    """, on: database))
        }
        return try #require(tables)
    }

    /// A follower on `database` that is never started: the test hands it batches.
    static func follower(on database: Database, logger: Logger) -> JournalFollower {
        let clock = ManualClock(now: start.addingTimeInterval(3_600)).wallClock
        let alerts = AlertStore(database: database, logger: logger)
        let tracker = ConnectionTracker(
            database: database, members: MemberConnectionStore(database: database, logger: logger),
            changes: ConnectionChangeStore(database: database, logger: logger), alerts: alerts,
            configuration: GlobalConfigurationStore(),
            rule: ConnectionRule(degradedAfter: .seconds(300), disconnectedAfter: .seconds(600)), clock: clock,
            logger: logger)
        return JournalFollower(
            exchange: HostAndPort(host: "127.0.0.1", port: 1), certificatePath: "", keyPath: "", platformCAPath: "",
            database: database, cursor: JournalCursorStore(database: database, logger: logger),
            documents: SentDocumentStore(database: database, logger: logger),
            deliveries: DeliveryTimesStore(database: database, logger: logger), tracker: tracker,
            failures: FailedDeliveryAlerts(
                alerts: alerts, configuration: GlobalConfigurationStore(), clock: clock, logger: logger),
            statistics: OperationStatisticsRecorder(
                statistics: OperationStatisticsStore(database: database, logger: logger)),
            watch: JournalWatch(blindSince: start), clock: clock, logger: logger)
    }

    /// `column` (a `timestamptz`) in milliseconds since 1970: the same text whatever the session's time zone.
    static func epochMilliseconds(_ column: String) -> String {
        "(extract(epoch FROM \(column)) * 1000)::bigint AS \(column)"
    }

    /// The rows of `query`, each as PostgreSQL prints a row, sorted, one per line.
    static func rows(_ query: String, on database: Database) async throws -> String {
        var lines: [String] = []
        for try await line in try await database.query(
            PostgresQuery(unsafeSQL: "SELECT t::text FROM (\(query)) AS t"), logger: Logger(label: "test")
        ).decode(String.self) {
            lines.append(line)
        }
        return lines.sorted().joined(separator: "\n")
    }

    /// The count `query` selects.
    static func count(_ query: String, on database: Database) async throws -> Int {
        for try await count in try await database.query(PostgresQuery(unsafeSQL: query), logger: Logger(label: "test"))
            .decode(Int.self)
        {
            return count
        }
        return 0
    }

    // MARK: - The journal

    /// Sixty documents, each to one to three recipients. Two entries after a document's sending its copies are
    /// acknowledged (one in five fails first, is retried four entries later and acknowledged then), four entries
    /// after they are registered; every seventh document asks its first copy back; document 3 is sent again under
    /// its id (an update) with a new subject and copy.
    static func journal() -> [Vdxp_Exchange_V1_JournalEntry] {
        var events: [(type: String, document: Int, event: Vdxp_Exchange_V1_JournalEvent)] = []
        func deliveries(_ document: Int) -> [(id: String, recipient: String)] {
            (0...(document % 3)).map { ("dlv-\(document)-\($0)", recipients[(document + $0) % recipients.count]) }
        }
        for document in 0..<60 {
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
                events.append(
                    (
                        "document.sent", 3,
                        .with {
                            $0.documentSent = .with {
                                $0.senderOrganisationID = senders[0]
                                $0.subject = "Văn bản số 3 (sửa đổi)"
                                $0.deliveries = [
                                    .with {
                                        $0.deliveryID = "dlv-3-update"
                                        $0.recipientOrganisationID = recipients[2]
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

    static func failedCount(in journal: [Vdxp_Exchange_V1_JournalEntry]) -> Int {
        journal.filter { $0.eventType == "delivery.failed" }.count
    }

    /// What the journal says, entry by entry, of the documents sent (the last sending of an id wins) and of the
    /// deliveries' times (the first sending of a delivery, its last retry, its acknowledgement after that), printed
    /// as PostgreSQL prints the rows.
    static func expectedRecords(of journal: [Vdxp_Exchange_V1_JournalEntry]) -> (documents: String, deliveries: String)
    {
        var documents: [String: String] = [:]
        var deliveries: [String: (document: String, recipient: String, sent: Date, acknowledged: Date?)] = [:]
        for entry in journal {
            guard let event = try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload) else { continue }
            let time = entry.recordTime.date
            switch event.event {
            case .documentSent(let sent):
                documents[entry.documentID] =
                    "(\(entry.documentID),\(sent.senderOrganisationID),\"\(sent.subject)\",\(milliseconds(time)))"
                for delivery in sent.deliveries where deliveries[delivery.deliveryID] == nil {
                    deliveries[delivery.deliveryID] = (entry.documentID, delivery.recipientOrganisationID, time, nil)
                }
            case .deliveryAcknowledged(let acknowledged):
                deliveries[acknowledged.deliveryID]?.acknowledged = time
            case .deliveryRetried(let retried):
                deliveries[retried.deliveryID]?.sent = time
                deliveries[retried.deliveryID]?.acknowledged = nil
            default: break
            }
        }
        return (
            documents.values.sorted().joined(separator: "\n"),
            deliveries.map { id, delivery in
                "(\(id),\(delivery.document),\(delivery.recipient),\(milliseconds(delivery.sent)),"
                    + (delivery.acknowledged.map(milliseconds) ?? "") + ")"
            }.sorted().joined(separator: "\n")
        )
    }

    /// `date` in milliseconds since 1970, as ``epochMilliseconds(_:)`` selects a column.
    static func milliseconds(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
