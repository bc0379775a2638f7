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
@Suite("Monitoring: a journal applied in batches, as entry by entry", .timeLimit(.minutes(10)))
struct MonitoringJournalBatchTests {
    static let start = GeneratedJournal.start

    @Test("sent, acknowledged within and across batches, failed, retried: batches of 1 to 40 store what 1 by 1 does")
    func batchesAsEntryByEntry() async throws {
        let journal = GeneratedJournal.entries()
        let (oneByOne, batched) = try await GeneratedJournal.appliedEntryByEntryAndInBatches(
            journal, schema: "monitoring", migrations: MonitoringMigrations.all, apply: Self.apply)

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
        #expect(oneByOne.alertsOfJournalEntries == journal.filter { $0.eventType == "delivery.failed" }.count)
    }

    @Test("a batch that skips an entry after the cursor is refused whole; streamed again from the cursor, it applies")
    func gapRefused() async throws {
        let journal = GeneratedJournal.entries()  // sequences 1, 2, 3, …
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let follower = Self.follower(on: database, logger: logger)
            let cursor = JournalCursorStore(database: database, table: .monitoring, logger: logger)
            func documents() async throws -> Int {
                try await TableText.count("SELECT count(*) FROM monitoring.documents", on: database)
            }
            try await follower.apply(Array(journal[0..<3]))
            let before = try await documents()
            await #expect(throws: JournalGapError(expected: 4, received: 5)) {
                try await follower.apply(Array(journal[4..<8]))
            }
            #expect(try await cursor.position().sequence == 3, "nothing of the refused batch was applied")
            #expect(try await documents() == before)

            try await follower.apply(Array(journal[3..<8]))
            let position = try await cursor.position()
            #expect(position.sequence == 8)
            #expect(abs((position.eventTime ?? .distantPast).timeIntervalSince(journal[7].recordTime.date)) < 0.001)
            #expect(position.appliedTime != nil)
        }
    }

    @Test("an entry whose payload cannot be read is passed, and said at warning with its sequence")
    func unreadableEntryLogged() async throws {
        let journal = GeneratedJournal.entries()
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let log = CapturedLog()
            let follower = Self.follower(on: database, logger: log.logger(level: .warning))
            var unreadable = journal[3]
            unreadable.payload = Data([0xFF, 0xFF, 0xFF])
            try await follower.apply(Array(journal[0..<3]) + [unreadable] + Array(journal[4..<6]))
            let cursor = JournalCursorStore(database: database, table: .monitoring, logger: logger)
            #expect(try await cursor.position().sequence == 6, "passed, and the entries after it applied")
            let warnings = log.lines.filter { $0.message.contains("cannot be read") }
            #expect(warnings.map { $0.metadata["sequence"] } == ["4"])
        }
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

    /// Applies `batches` of the journal to a new Monitoring schema through the follower, one transaction each, and
    /// reads the tables back.
    static func apply(
        _ batches: [[Vdxp_Exchange_V1_JournalEntry]], on database: Database, logger: Logger
    ) async throws -> Tables {
        let follower = follower(on: database, logger: logger)
        for batch in batches { try await follower.apply(batch) }
        // Applied again, nothing changes: the cursor skips it.
        try await follower.apply(Array(batches.joined().suffix(30)))
        return Tables(
            documents: try await TableText.rows(
                """
                SELECT document_id, sender_organisation_id, subject, \(TableText.epochMilliseconds("send_time"))
                FROM monitoring.documents
                """, on: database),
            deliveries: try await TableText.rows(
                """
                SELECT delivery_id, document_id, recipient_organisation_id, \(TableText.epochMilliseconds("send_time")),
                       \(TableText.epochMilliseconds("acknowledge_time"))
                FROM monitoring.deliveries
                """, on: database),
            statistics: try await TableText.rows("SELECT * FROM monitoring.operation_minutes", on: database)
                + (try await TableText.rows("SELECT * FROM monitoring.operation_hours", on: database))
                + (try await TableText.rows("SELECT * FROM monitoring.operation_totals", on: database)),
            alerts: try await TableText.rows(
                """
                SELECT kind, organisation_id, document_id, recipient_organisation_id, summary, detail,
                       journal_sequence
                FROM monitoring.alerts
                """, on: database),
            alertsOfJournalEntries: try await TableText.count(
                "SELECT count(*) FROM monitoring.alerts WHERE journal_sequence IS NOT NULL", on: database),
            members: try await TableText.rows(
                """
                SELECT organisation_id, state, \(TableText.epochMilliseconds("last_activity_time"))
                FROM monitoring.member_connections
                """, on: database))
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
            database: database, cursor: JournalCursorStore(database: database, table: .monitoring, logger: logger),
            documents: SentDocumentStore(database: database, logger: logger),
            deliveries: DeliveryTimesStore(database: database, logger: logger), tracker: tracker,
            failures: FailedDeliveryAlerts(
                alerts: alerts, configuration: GlobalConfigurationStore(), clock: clock, logger: logger),
            statistics: OperationStatisticsRecorder(
                statistics: OperationStatisticsStore(database: database, logger: logger)),
            watch: JournalWatch(blindSince: start), clock: clock, logger: logger)
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
                    "(\(entry.documentID),\(sent.senderOrganisationID),\"\(sent.subject)\",\(TableText.milliseconds(time)))"
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
                "(\(id),\(delivery.document),\(delivery.recipient),\(TableText.milliseconds(delivery.sent)),"
                    + (delivery.acknowledged.map(TableText.milliseconds) ?? "") + ")"
            }.sorted().joined(separator: "\n")
        )
    }
}
