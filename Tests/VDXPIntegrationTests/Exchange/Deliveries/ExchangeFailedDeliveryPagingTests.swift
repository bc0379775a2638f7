import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPStore

@testable import VDXPExchange

/// `ListFailedDeliveries` (Art. 13.2) pages through a sender's failed deliveries, most recently failed first. Failed
/// deliveries are kept for ever, platform-wide: a page walks the `deliveries_failed` index from its cursor and stops
/// once it is full, instead of reading and sorting every failed delivery of the platform on every page.
@Suite("Exchange: failed deliveries page by the index", .serialized, .timeLimit(.minutes(5)))
struct ExchangeFailedDeliveryPagingTests {
    @Test("page 2 of a sender's failed deliveries can be read without a sort, seeking deliveries_failed")
    func pageWalksTheIndex() async throws {
        var plan = ""
        try await TemporaryDatabase.with { client, logger in
            _ = try await SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all)
                .migrate(client: client, logger: logger)
            let page = DeliveryStore.failedPageQuery(
                sentBy: "000.00.00.G22", after: (failTimeMicros: 1_780_000_000_000_000, deliveryID: UUID()), limit: 21)
            plan = try await client.withConnection { connection in
                // A plan that needs a sort is priced out: one must exist that reads the index in its order.
                for setting in ["SET enable_sort = off", "SET enable_seqscan = off"] {
                    try await connection.query(PostgresQuery(unsafeSQL: setting), logger: logger)
                }
                var lines: [String] = []
                for try await line in try await connection.query(
                    PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) " + page.sql, binds: page.binds), logger: logger
                ).decode(String.self) {
                    lines.append(line)
                }
                return lines.joined(separator: "\n")
            }
        }
        #expect(plan.contains("deliveries_failed"), "\(plan)")
        #expect(!plan.contains("Sort"), "\(plan)")
        #expect(plan.contains("Index Cond: (fail_time <="), "\(plan)")
    }

    @Test("five failures, two sharing one instant, read two at a time: each once, most recently failed first")
    func pagesInOrder() async throws {
        try await TestPlatform.with { platform in
            var documentIDs: [String] = []
            for number in 821...825 {
                let header = TestPlatform.header(number: "\(number)")
                try await platform.sendDocument(header)
                documentIDs.append(header.documentID)
            }
            // The failures are written directly (the sweeper's rules are tested in ExchangeFailedDeliveryTests):
            // the n-th document failed n minutes after 08:00, the 4th and 5th at the same instant.
            try await platform.database { [documentIDs] database in
                for (index, documentID) in documentIDs.enumerated() {
                    let minutes = min(index, 3)
                    try await database.query(
                        """
                        UPDATE exchange.deliveries SET state = \(Vdxp_Exchange_V1_DeliveryState.failed.rawValue),
                            fail_time = timestamptz '2026-12-01 08:00+07' + \(minutes) * interval '1 minute'
                        WHERE document_id = \(documentID)
                        """, logger: platform.logger)
                }
            }
            // The longest-failed delivery, neither retried nor withdrawn, is what the operator's alert watches.
            let backlog = try await platform.database { database in
                try await DeliveryStore(database: database, logger: platform.logger).backlog()
            }
            #expect(backlog.failed == 5)
            let eight = try #require(ISO8601DateFormatter().date(from: "2026-12-01T08:00:00+07:00"))
            #expect(backlog.oldestFailure == eight)
            #expect(
                DeliveryBacklogGauge.age(of: backlog.oldestFailure, now: eight.addingTimeInterval(4 * 3600)) == 14_400)
            #expect(DeliveryBacklogGauge.age(of: nil, now: eight) == 0)
            var listed: [String] = []
            var token = ""
            repeat {
                let page = try await platform.member(TestPlatform.sender).exchange { [token] in
                    try await $0.listFailedDeliveries(
                        .with {
                            $0.pageSize = 2
                            $0.pageToken = token
                        })
                }
                listed += page.deliveries.map(\.documentID)
                token = page.nextPageToken
            } while !token.isEmpty && listed.count < 10
            #expect(listed.count == 5)
            #expect(Set(listed) == Set(documentIDs))
            #expect(
                Array(listed.prefix(2)).sorted() == Array(documentIDs.suffix(2)).sorted(), "the latest instant first")
            #expect(Array(listed.suffix(3)) == Array(documentIDs.prefix(3).reversed()))
        }
    }
}
