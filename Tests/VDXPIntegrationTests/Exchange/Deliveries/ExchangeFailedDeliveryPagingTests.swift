import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPExchange

/// `ListFailedDeliveries` (Art. 13.2) pages through a sender's failed deliveries, most recently failed first. Failed
/// deliveries are kept for ever, platform-wide: a page walks the sender's part of `deliveries_failed_by_sender` from
/// its cursor and stops once it is full, instead of reading and sorting every failed delivery of the platform on
/// every page. Each delivery carries its document's sender for that, and a delivery queued before it did gets it when
/// it fails.
@Suite("Exchange: failed deliveries page by the index", .serialized, .timeLimit(.minutes(5)))
struct ExchangeFailedDeliveryPagingTests {
    @Test("page 2 of a sender's failed deliveries can be read without a sort, seeking deliveries_failed_by_sender")
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
        #expect(plan.contains("deliveries_failed_by_sender"), "\(plan)")
        #expect(!plan.contains("Sort"), "\(plan)")
        #expect(plan.contains("Index Cond: ((sender = '000.00.00.G22'::text) AND (fail_time <="), "\(plan)")
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

    @Test("each sender pages through exactly its own failed deliveries, those queued before migration 12 included")
    func eachSenderSeesItsOwn() async throws {
        try await TestPlatform.with { platform in
            let ours = (831...834).map { TestPlatform.header(number: "\($0)") }
            let theirs = (835...836).map { TestPlatform.header(number: "\($0)", from: TestPlatform.stranger) }
            for header in ours { try await platform.sendDocument(header) }
            for header in theirs {
                try await platform.send(
                    try platform.messages(header, signedBy: TestPlatform.stranger), as: TestPlatform.stranger)
            }
            let failed = Vdxp_Exchange_V1_DeliveryState.failed.rawValue
            try await platform.database { database in
                // Queued before migration 12 (no sender), failed later by the sweep below: one of each sender's.
                try await database.query(
                    """
                    UPDATE exchange.deliveries SET sender = NULL
                    WHERE document_id = ANY(\([ours[0].documentID, theirs[0].documentID]))
                    """, logger: platform.logger)
                // Failed during the rollout by a replica of the build before migration 12: no sender either.
                try await database.query(
                    """
                    UPDATE exchange.deliveries SET sender = NULL, state = \(failed), fail_time = now()
                    WHERE document_id = \(ours[3].documentID)
                    """, logger: platform.logger)
            }
            // A day later on the sweeper's clock every waiting delivery is past its deadline: the real failure path.
            let swept = try await platform.database { database in
                try await DeliveryFailureSweeper(
                    database: database, deliveries: DeliveryStore(database: database, logger: platform.logger),
                    journal: JournalStore(database: database, logger: platform.logger),
                    configuration: platform.exchangeHost.globalConfiguration, maximumAttempts: 5, interval: .seconds(1),
                    clock: ManualClock(now: Date().addingTimeInterval(86_400)).wallClock, logger: platform.logger
                ).sweep()
            }
            #expect(swept == 5)
            let senders = try await platform.database { database in
                var senders: [String: String?] = [:]
                for try await (documentID, sender) in try await database.query(
                    "SELECT document_id, sender FROM exchange.deliveries", logger: platform.logger
                ).decode((String, String?).self) {
                    senders[documentID] = sender
                }
                return senders
            }
            for header in ours + theirs {
                #expect(senders[header.documentID] == header.sender.organisationID, "\(header.documentID)")
            }

            func listed(by member: DevelopmentMember) async throws -> [String] {
                var listed: [String] = []
                var token = ""
                repeat {
                    let page = try await platform.member(member).exchange { [token] in
                        try await $0.listFailedDeliveries(
                            .with {
                                $0.pageSize = 2
                                $0.pageToken = token
                            })
                    }
                    #expect(page.deliveries.count <= 2)
                    listed += page.deliveries.map(\.documentID)
                    token = page.nextPageToken
                } while !token.isEmpty && listed.count < 10
                return listed
            }
            let ourList = try await listed(by: TestPlatform.sender)
            #expect(ourList.count == 4, "each once: \(ourList)")
            #expect(Set(ourList) == Set(ours.map(\.documentID)))
            #expect(
                Set(ourList.prefix(3)) == Set(ours.prefix(3).map(\.documentID)),
                "the three the sweep failed, after the one the previous build failed")
            let theirList = try await listed(by: TestPlatform.stranger)
            #expect(theirList.sorted() == theirs.map(\.documentID).sorted())
            #expect(try await listed(by: TestPlatform.recipient).isEmpty, "a recipient's failures are not its own")
        }
    }

    @Test("every inbox entry carries its document's sender from its insert: a send, an update, notices")
    func everyEntryCarriesItsSender() async throws {
        try await TestPlatform.with { platform in
            // A new document (a commit group), read by both recipients.
            let original = TestPlatform.header(number: "841", to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(original)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.receiveAll(as: TestPlatform.stranger)
            // An update sent alone; the dropped recipient gets a notice.
            let update = TestPlatform.header(number: "842", .update, of: original.documentID)
            try await platform.sendDocument(update)
            try await platform.receiveAll(as: TestPlatform.recipient)
            // A retract at once of a copy the recipient holds, with its notice; a retract request, with its notice.
            _ = try await platform.retract(update.documentID)
            let registered = TestPlatform.header(number: "843")
            try await platform.sendDocument(registered)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.report(.registered, on: registered.documentID)
            _ = try await platform.retract(registered.documentID)

            let entries = try await platform.database { database in
                var entries: [(kind: Int, sender: String?, documentSender: String)] = []
                for try await row in try await database.query(
                    """
                    SELECT d.kind, d.sender, doc.sender
                    FROM exchange.deliveries d JOIN exchange.documents doc USING (document_id, version)
                    """, logger: platform.logger
                ).decode((Int, String?, String).self) {
                    entries.append((row.0, row.1, row.2))
                }
                return entries
            }
            let notice = Vdxp_Exchange_V1_DeliveryKind.notice.rawValue
            #expect(entries.count { $0.kind == notice } == 3, "removed, retracted, retract requested")
            #expect(entries.count == 7)
            for entry in entries {
                #expect(entry.sender == entry.documentSender, "\(entry)")
            }
        }
    }
}
