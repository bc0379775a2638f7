import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPExchange

/// Deliveries and retract requests are kept for ever: the queries that run every few seconds or on every call read
/// what they need through partial indexes, not every delivery the platform ever made.
@Suite("Exchange: the backlog gauge and the retract counts read their partial indexes", .timeLimit(.minutes(3)))
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
}
