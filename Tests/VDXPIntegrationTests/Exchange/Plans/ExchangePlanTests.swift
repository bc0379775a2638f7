import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPExchange

/// Deliveries and retract requests are kept for ever: the queries that run every few seconds or on every call read
/// what they need through partial indexes, not every delivery the platform ever made.
@Suite(
    "Exchange: the backlog gauge, the retract counts and a sender's failures read their partial indexes",
    .timeLimit(.minutes(3)))
struct ExchangePlanTests {
    /// 4,000 documents to 5 recipients each: 20,000 deliveries, all ACKNOWLEDGED but 3 QUEUED and 2 FAILED; every
    /// copy of the first 500 documents has had a retract request.
    static func history(on database: Database, logger: Logger) async throws {
        try await database.query(
            """
            INSERT INTO exchange.documents (document_id, sender, signed_document, envelope_sha256, priority,
                attachment_count, attachment_bytes, lineage_id)
            SELECT 'DOC-' || i, '000.00.00.G22', '\\x00', '\\x00', 0, 0, 0, 'DOC-' || i FROM generate_series(1, 4000) AS i
            """, logger: logger)
        try await database.query(
            """
            INSERT INTO exchange.deliveries (delivery_id, document_id, recipient, priority, state, fail_time)
            SELECT gen_random_uuid(), 'DOC-' || i, '000.00.0' || r || '.H26', 0,
                CASE WHEN i = 4000 AND r <= 3 THEN 1 WHEN i = 3999 AND r <= 2 THEN 4 ELSE 3 END,
                CASE WHEN i = 3999 AND r <= 2 THEN now() - interval '1 hour' * r END
            FROM generate_series(1, 4000) AS i, generate_series(1, 5) AS r
            """, logger: logger)
        try await database.query(
            """
            INSERT INTO exchange.retract_requests (request_id, delivery_id, reason)
            SELECT gen_random_uuid(), delivery_id, 'nhầm nơi nhận' FROM exchange.deliveries
            WHERE document_id IN (SELECT 'DOC-' || i FROM generate_series(1, 500) AS i)
            """, logger: logger)
        try await database.query("ANALYZE", logger: logger)
    }

    @Test("the backlog gauge counts 3 waiting and 2 failed through the partial indexes, not 20,000 deliveries")
    func backlogByIndex() async throws {
        try await TemporaryDatabase.withDatabase(schema: "exchange", migrations: ExchangeMigrations.all) {
            database, logger in
            try await Self.history(on: database, logger: logger)
            let lines = try await QueryPlan.executed(DeliveryStore.backlogQuery, on: database, logger: logger)
            let plan = lines.joined(separator: "\n")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
            #expect(plan.contains("deliveries_inbox") && plan.contains("deliveries_failed"), "\(plan)")
            let backlog = try await DeliveryStore(database: database, logger: logger).backlog()
            #expect(backlog.pending == 3)
            #expect(backlog.failed == 2)
            #expect(backlog.oldestFailure.map { Date().timeIntervalSince($0) > 7000 } == true, "2 hours ago")
        }
    }

    @Test("a document's retract counts read its own copies by deliveries_copy, not every request ever made")
    func retractCountsByDocument() async throws {
        try await TemporaryDatabase.withDatabase(schema: "exchange", migrations: ExchangeMigrations.all) {
            database, logger in
            try await Self.history(on: database, logger: logger)
            let requests = RetractRequestStore(database: database, logger: logger)
            for query in [
                RetractRequestStore.openRequestsQuery(of: "DOC-17"), RetractRequestStore.countsQuery(of: "DOC-17"),
            ] {
                let lines = try await QueryPlan.executed(query, on: database, logger: logger)
                let plan = lines.joined(separator: "\n")
                #expect(plan.contains("deliveries_copy"), "\(plan)")
                #expect(!plan.contains("Seq Scan on retract_requests"), "\(plan)")
            }
            let counts = try await database.withConnection { try await requests.requestCounts(of: "DOC-17", on: $0) }
            #expect(counts.count == 5 && counts.values.allSatisfy { $0 == 1 })
            #expect(try await requests.deliveriesWithOpenRequests(of: "DOC-17").count == 5)
        }
    }

    /// How many rows the walk of `index` read for `query` (EXPLAIN ANALYZE, on the real plan): those it passed on, and
    /// those a filter on it or on a join above it threw away; and the plan.
    static func rowsRead(
        by index: String, _ query: PostgresQuery, database: Database, logger: Logger
    ) async throws -> (rows: Int, plan: String) {
        let lines = try await QueryPlan.executed(query, on: database, logger: logger)
        let plan = lines.joined(separator: "\n")
        let walk = try #require(lines.first { $0.contains("Index") && $0.contains(index) }, "\(plan)")
        let passed = try #require(walk.firstMatch(of: /actual rows=(\d+)/).flatMap { Int($0.1) }, "\(walk)")
        return (passed + QueryPlan.rowsRemovedByFilters(lines).reduce(0, +), plan)
    }

    @Test("a sender's failed deliveries are its own part of deliveries_failed_by_sender, not every failure made")
    func failedDeliveriesBySender() async throws {
        try await TemporaryDatabase.withDatabase(schema: "exchange", migrations: ExchangeMigrations.all) {
            database, logger in
            // H29 sent 2,000 documents, each failed for its 2 recipients; G22 sent 1,000, 3 failed, and H31 — a
            // large sender — 1,000, none failed.
            try await database.query(
                """
                INSERT INTO exchange.documents (document_id, sender, signed_document, envelope_sha256, priority,
                    attachment_count, attachment_bytes, lineage_id)
                SELECT s || '-' || i, s, '\\x00', '\\x00', 0, 0, 0, s || '-' || i
                FROM unnest(ARRAY['000.00.00.H29', '000.00.00.G22', '000.00.00.H31']) AS s,
                     generate_series(1, 2000) AS i
                WHERE s = '000.00.00.H29' OR i <= 1000
                """, logger: logger)
            try await database.query(
                """
                INSERT INTO exchange.deliveries
                    (delivery_id, document_id, sender, recipient, priority, state, fail_time)
                SELECT gen_random_uuid(), doc.document_id, doc.sender, '000.00.0' || r || '.H26', 0,
                    CASE WHEN doc.sender = '000.00.00.H29'
                              OR doc.document_id IN ('000.00.00.G22-' || r, '000.00.00.G22-7')
                         THEN 4 ELSE 3 END,
                    now() - interval '1 minute' * r
                FROM exchange.documents doc, generate_series(1, 2) AS r
                WHERE doc.sender = '000.00.00.H29' OR r = 1 OR doc.document_id = '000.00.00.G22-2'
                """, logger: logger)
            try await database.query("ANALYZE", logger: logger)

            let index = "deliveries_failed_by_sender"
            for (sender, failed) in [("000.00.00.G22", 3), ("000.00.00.H31", 0)] {
                let (rows, plan) = try await Self.rowsRead(
                    by: index, DeliveryStore.failedPageQuery(sentBy: sender, after: nil, limit: 21), database: database,
                    logger: logger)
                #expect(rows == failed, "only \(sender)'s own failures are read: \(plan)")
                #expect(!plan.contains("documents"), "no document is read to find its sender: \(plan)")
                #expect(!plan.contains("Sort"), "\(plan)")
            }
            let deliveries = DeliveryStore(database: database, logger: logger)
            let first = try await deliveries.failedPage(sentBy: "000.00.00.G22", after: nil, limit: 2)
            #expect(first.map(\.delivery.documentID).sorted() == ["000.00.00.G22-1", "000.00.00.G22-7"])
            let last = try #require(first.last)
            let cursor = (failTimeMicros: last.failTimeMicros, deliveryID: last.delivery.deliveryID)
            let (rows, plan) = try await Self.rowsRead(
                by: index, DeliveryStore.failedPageQuery(sentBy: "000.00.00.G22", after: cursor, limit: 2),
                database: database, logger: logger)
            #expect(rows <= 3, "page 2 seeks to its cursor (and passes the tie before it): \(plan)")
            let second = try await deliveries.failedPage(sentBy: "000.00.00.G22", after: cursor, limit: 2)
            #expect(second.map(\.delivery.documentID) == ["000.00.00.G22-2"])

            // A failure the previous build wrote without its sender is found at the index's null senders.
            try await database.query(
                "UPDATE exchange.deliveries SET sender = NULL WHERE document_id = '000.00.00.G22-2'", logger: logger)
            let (attributed, attribution) = try await Self.rowsRead(
                by: index, DeliveryStore.attributeFailuresQuery(limit: 500), database: database, logger: logger)
            #expect(attributed == 1, "\(attribution)")
            #expect(attribution.contains("Index Cond: (sender IS NULL)"), "\(attribution)")
            #expect(
                try await deliveries.failedPage(sentBy: "000.00.00.G22", after: nil, limit: 21).count == 3,
                "attributed by the EXPLAIN ANALYZE above, which ran it")
        }
    }

    @Test("migration 12 gives their sender to the failed deliveries alone, found through deliveries_failed")
    func migrationFillsOnlyTheFailed() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "exchange", migrations: ExchangeMigrations.all.filter { $0.version < 12 }
        ) { database, logger in
            try await Self.history(on: database, logger: logger)
            let migration = try #require(ExchangeMigrations.all.first { $0.version == 12 })
            try await database.query(PostgresQuery(unsafeSQL: migration.statements[0]), logger: logger)
            var lines: [String] = []
            for try await line in try await database.query(
                PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) " + migration.statements[1]), logger: logger
            ).decode(String.self) {
                lines.append(line)
            }
            let plan = lines.joined(separator: "\n")
            #expect(plan.contains("deliveries_failed"), "\(plan)")
            #expect(!plan.contains("Seq Scan on deliveries"), "not every delivery ever made: \(plan)")
            try await database.query("ALTER TABLE exchange.deliveries DROP COLUMN sender", logger: logger)

            let migrated = try await SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all)
                .migrate(client: database.client, logger: logger)
            #expect(migrated == [12, 13])
            var senders: [Int: [String?]] = [:]
            for try await (state, sender) in try await database.query(
                "SELECT state, sender FROM exchange.deliveries", logger: logger
            ).decode((Int, String?).self) {
                senders[state, default: []].append(sender)
            }
            #expect(senders[4] == ["000.00.00.G22", "000.00.00.G22"], "the 2 failed")
            #expect(senders[1]?.allSatisfy { $0 == nil } == true, "the 3 waiting get theirs when they fail")
            #expect(senders[3]?.count == 19_995 && senders[3]?.allSatisfy { $0 == nil } == true, "none rewritten")
        }
    }
}
