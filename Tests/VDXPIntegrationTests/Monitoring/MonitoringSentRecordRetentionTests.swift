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

/// The documents sent and the deliveries' times Monitoring keeps from Exchange's journal are deleted
/// `VDXP_MONITORING_DOCUMENT_RETENTION_DAYS` (90 by default) after their send or last retry, counted from the journal
/// time Monitoring has applied — never a row a journal entry can still need: a document whose delivery was retried
/// stays while that delivery may still fail.
@Suite("Monitoring: documents sent and deliveries' times past retention are deleted", .timeLimit(.minutes(5)))
struct MonitoringSentRecordRetentionTests {
    static let sender = "000.00.00.G22"
    static let recipient = "000.00.00.H26"
    static let day: TimeInterval = 86_400

    @Test("90 days after the journal time applied, a document and its delivery are deleted; younger ones stay")
    func oldRowsAreDeleted() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            try await Self.record(
                [
                    ("old", now.addingTimeInterval(-91 * Self.day)),
                    ("young", now.addingTimeInterval(-89 * Self.day)),
                ], journalAppliedUntil: now, on: database, logger: logger)
            let log = CapturedLog()
            let retention = Self.retention(on: database, clock: clock, logger: log.logger(level: .info))

            #expect(try await retention.sweep() == .init(documents: 1, deliveries: 1))
            #expect(try await Self.documents(on: database) == ["young"])
            #expect(try await Self.deliveries(on: database) == ["young-1"])
            let line = try #require(log.lines.first { $0.message.contains("deleted") })
            #expect(line.level == .info)
            #expect(line.metadata["documents"] == "1" && line.metadata["deliveries"] == "1")
            #expect(try await retention.sweep() == .init(documents: 0, deliveries: 0), "a second sweep finds nothing")
            #expect(log.lines.filter { $0.message.contains("deleted") }.count == 1, "and says nothing")
        }
    }

    @Test("a document sent 200 days ago whose delivery was retried 10 days ago stays, with that delivery")
    func documentOfARetriedDeliveryStays() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            let sent = now.addingTimeInterval(-200 * Self.day)
            try await Self.record(
                [("retried", sent), ("forgotten", sent)], journalAppliedUntil: now, on: database, logger: logger)
            // The first delivery of "retried" failed and was retried 10 days ago: it may still fail, and its failure
            // alerts the document's sender.
            try await database.transaction(logger: logger) { connection in
                try await DeliveryTimesStore(database: database, logger: logger).save(
                    [
                        .init(
                            deliveryID: "retried-1", documentID: "retried", recipientOrganisationID: Self.recipient,
                            times: .init(sendTime: now.addingTimeInterval(-10 * Self.day), acknowledgeTime: nil))
                    ], on: connection)
            }
            let retention = Self.retention(on: database, clock: clock, logger: logger)
            #expect(try await retention.sweep() == .init(documents: 1, deliveries: 1))
            #expect(try await Self.documents(on: database) == ["retried"])
            #expect(try await Self.deliveries(on: database) == ["retried-1"])
        }
    }

    @Test(
        "through the journal: a delivery retried 50 days ago that fails now still alerts its sender after a sweep"
    )
    func retriedDeliveryFailingAfterASweepAlertsTheSender() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let clock = ManualClock()
            let now = clock.now
            let follower = MonitoringJournalBatchTests.follower(on: database, logger: logger)
            let sent = now.addingTimeInterval(-200 * Self.day)
            try await follower.apply([
                try Self.entry(
                    1, at: sent, document: "doc-retried",
                    .with {
                        $0.documentSent = .with {
                            $0.senderOrganisationID = Self.sender
                            $0.subject = "Về việc thử nghiệm"
                            $0.sendTime = .init(date: sent)
                            $0.deliveries = [
                                .with {
                                    $0.deliveryID = "d-1"
                                    $0.recipientOrganisationID = Self.recipient
                                }
                            ]
                        }
                    }),
                try Self.entry(
                    2, at: now.addingTimeInterval(-50 * Self.day), document: "doc-retried",
                    .with {
                        $0.deliveryRetried = .with {
                            $0.deliveryID = "d-1"
                            $0.recipientOrganisationID = Self.recipient
                        }
                    }),
                try Self.entry(
                    3, at: now.addingTimeInterval(-Self.day), document: "doc-later",
                    .with {
                        $0.documentSent = .with {
                            $0.senderOrganisationID = Self.sender
                            $0.subject = "Về việc khác"
                        }
                    }),
            ])
            let retention = Self.retention(on: database, clock: clock, logger: logger)
            #expect(try await retention.sweep() == .init(documents: 0, deliveries: 0))

            try await follower.apply([
                try Self.entry(
                    4, at: now, document: "doc-retried",
                    .with {
                        $0.deliveryFailed = .with {
                            $0.deliveryID = "d-1"
                            $0.recipientOrganisationID = Self.recipient
                            $0.reason = .notAcknowledgedInTime
                        }
                    })
            ])
            let alerts = try await AlertStore(database: database, logger: logger).alerts(
                visibleTo: .onlyMember(Self.sender), after: 0, limit: 100)
            let failed = try #require(alerts.first { $0.kind == .deliveryFailed })
            #expect(failed.organisationID == Self.sender)
            #expect(failed.detail.contains("Về việc thử nghiệm"))
        }
    }

    @Test("behind the journal by 60 days, Monitoring keeps what was sent 90 days before the last entry it applied")
    func countsFromTheJournalTimeApplied() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            let retention = Self.retention(on: database, clock: clock, logger: logger)
            // Nothing applied yet: nothing is deleted, however old.
            try await database.transaction(logger: logger) { connection in
                try await SentDocumentStore(database: database, logger: logger).save(
                    [
                        .init(
                            documentID: "unapplied", senderOrganisationID: Self.sender, subject: "Về việc thử nghiệm",
                            sendTime: now.addingTimeInterval(-400 * Self.day))
                    ], on: connection)
            }
            #expect(try await retention.sweep() == .init(documents: 0, deliveries: 0))
            // The last entry applied was recorded 60 days ago: the cutoff is 150 days ago, not 90.
            try await Self.record(
                [
                    ("older", now.addingTimeInterval(-151 * Self.day)),
                    ("pending", now.addingTimeInterval(-120 * Self.day)),
                ], journalAppliedUntil: now.addingTimeInterval(-60 * Self.day), on: database, logger: logger)
            #expect(try await retention.sweep() == .init(documents: 2, deliveries: 1))
            #expect(try await Self.documents(on: database) == ["pending"])
            #expect(try await Self.deliveries(on: database) == ["pending-1"])
        }
    }

    @Test("an entry recorded with a time ahead of now (Exchange's clock) moves the cutoff no later than now")
    func journalAheadOfNow() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            try await Self.record(
                [("recent", now.addingTimeInterval(-60 * Self.day))],
                journalAppliedUntil: now.addingTimeInterval(365 * Self.day), on: database, logger: logger)
            let retention = Self.retention(on: database, clock: clock, logger: logger)
            #expect(try await retention.sweep() == .init(documents: 0, deliveries: 0))
            #expect(try await Self.documents(on: database) == ["recent"])
        }
    }

    @Test("25 old documents and 25 deliveries go in batches of 4; the 3 young ones stay")
    func batches() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            let old = (0..<25).map {
                (String(format: "old-%02d", $0), now.addingTimeInterval(-Double(100 + $0) * Self.day))
            }
            let young = (0..<3).map { ("young-\($0)", now.addingTimeInterval(-Double(1 + $0) * Self.day)) }
            try await Self.record(old + young, journalAppliedUntil: now, on: database, logger: logger)
            var retention = Self.retention(on: database, clock: clock, logger: logger)
            retention.batchSize = 4

            #expect(try await retention.sweep() == .init(documents: 25, deliveries: 25))
            #expect(try await Self.documents(on: database) == ["young-0", "young-1", "young-2"])
            #expect(try await Self.deliveries(on: database) == ["young-0-1", "young-1-1", "young-2-1"])
        }
    }

    @Test("a sweep that fails is said at warning, with its error")
    func failureLogged() async throws {
        // No migrations: the tables the sweep deletes from do not exist.
        try await TemporaryDatabase.withDatabase(schema: "monitoring") { database, logger in
            let log = CapturedLog()
            var retention = Self.retention(on: database, clock: ManualClock(), logger: log.logger(level: .info))
            retention.interval = .seconds(3600)
            let job = Task { try await retention.run() }
            defer { job.cancel() }
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !log.lines.contains(where: { $0.level == .warning }) {
                try await Task.sleep(for: .milliseconds(50))
            }
            job.cancel()
            let warning = try #require(log.lines.first { $0.level == .warning })
            #expect(warning.message == "cannot delete old sent documents")
            #expect(warning.metadata["error"]?.contains("journal_cursor") == true, "\(warning.metadata)")
        }
    }

    // MARK: Helpers

    /// The job on `database` with the default retention, 90 days.
    static func retention(on database: Database, clock: ManualClock, logger: Logger) -> SentRecordRetention {
        SentRecordRetention(
            database: database,
            cursor: JournalCursorStore(database: database, table: .monitoring, logger: logger),
            documents: SentDocumentStore(database: database, logger: logger),
            deliveries: DeliveryTimesStore(database: database, logger: logger),
            retention: .seconds(90 * Int(Self.day)), clock: clock.wallClock, logger: logger)
    }

    /// Records each document, sent at its time with one delivery `<id>-1`, and moves the cursor to an entry
    /// recorded at `applied`.
    static func record(
        _ sent: [(id: String, time: Date)], journalAppliedUntil applied: Date, on database: Database, logger: Logger
    ) async throws {
        let cursor = JournalCursorStore(database: database, table: .monitoring, logger: logger)
        try await database.transaction(logger: logger) { connection in
            let sequence = try await cursor.lock(on: connection)
            try await SentDocumentStore(database: database, logger: logger).save(
                sent.map {
                    .init(
                        documentID: $0.id, senderOrganisationID: Self.sender, subject: "Về việc thử nghiệm",
                        sendTime: $0.time)
                }, on: connection)
            try await DeliveryTimesStore(database: database, logger: logger).save(
                sent.map {
                    .init(
                        deliveryID: "\($0.id)-1", documentID: $0.id, recipientOrganisationID: Self.recipient,
                        times: .init(sendTime: $0.time, acknowledgeTime: nil))
                }, on: connection)
            try await cursor.advance(to: sequence + 1, eventTime: applied, on: connection)
        }
    }

    /// Journal entry `sequence` of `document`, recorded at `time`, carrying `event`.
    static func entry(
        _ sequence: Int64, at time: Date, document: String, _ event: Vdxp_Exchange_V1_JournalEvent
    ) throws -> Vdxp_Exchange_V1_JournalEntry {
        let type =
            switch event.event {
            case .documentSent: "document.sent"
            case .deliveryRetried: "delivery.retried"
            case .deliveryFailed: "delivery.failed"
            default: "other"
            }
        return try .with {
            $0.sequence = sequence
            $0.eventType = type
            $0.documentID = document
            $0.recordTime = .init(date: time)
            $0.payload = try event.serializedBytes()
        }
    }

    /// The ids of the documents kept, sorted.
    static func documents(on database: Database) async throws -> [String] {
        try await ids("SELECT document_id FROM monitoring.documents ORDER BY document_id", on: database)
    }

    /// The ids of the deliveries kept, sorted.
    static func deliveries(on database: Database) async throws -> [String] {
        try await ids("SELECT delivery_id FROM monitoring.deliveries ORDER BY delivery_id", on: database)
    }

    /// The text column `query` selects.
    static func ids(_ query: String, on database: Database) async throws -> [String] {
        var ids: [String] = []
        for try await id in try await database.query(PostgresQuery(unsafeSQL: query), logger: Logger(label: "test"))
            .decode(String.self)
        {
            ids.append(id)
        }
        return ids
    }
}
