import Foundation
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPStore

@testable import VDXPExchange

/// Migrations that change what stored rows mean convert the rows written before them.
@Suite("Exchange migrations of stored data", .serialized)
struct ExchangeMigrationTests {
    @Test("migration 4: a retract at once stored as 15 becomes a disposition with its reason, and the 15 goes")
    func retractAtOnceLosesStatus15() async throws {
        try await TestPlatform.with { platform in
            let unfetched = TestPlatform.header(number: "961")
            let acknowledged = TestPlatform.header(number: "962")
            try await platform.sendDocument(acknowledged)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.sendDocument(unfetched)
            let documents = [unfetched.documentID, acknowledged.documentID]
            for documentID in documents {
                _ = try await platform.retract(documentID, reason: "Gửi nhầm nơi nhận")
            }

            // Put both copies back as versions before 4 stored them: status 15, the reason in a history entry.
            let migration = try #require(ExchangeMigrations.all.first { $0.version == 4 })
            try await platform.database { database in
                _ = try await database.query(
                    "UPDATE exchange.deliveries SET status = 15, disposition_reason = '' WHERE document_id = ANY(\(documents))"
                )
                _ = try await database.query(
                    """
                    INSERT INTO exchange.status_history (delivery_id, status, status_time, comment)
                    SELECT delivery_id, 15, now(), 'Gửi nhầm nơi nhận' FROM exchange.deliveries
                    WHERE document_id = ANY(\(documents))
                    """)
                for statement in migration.statements.dropFirst() {
                    _ = try await database.query(PostgresQuery(unsafeSQL: statement))
                }
            }

            let never = try #require(
                try await platform.document(unfetched.documentID).recipient(TestPlatform.recipient))
            #expect(never.status == .unspecified)
            #expect(never.history.isEmpty)
            #expect(never.dispositionReason == "Gửi nhầm nơi nhận")
            let held = try #require(
                try await platform.document(acknowledged.documentID).recipient(TestPlatform.recipient))
            #expect(held.status == .arrived)
            #expect(held.history.map(\.status) == [.arrived])
            #expect(held.dispositionReason == "Gửi nhầm nơi nhận")
        }
    }

    @Test("migration 6: a delivery failed before it failed on the attempt limit; a waiting one gets a day's deadline")
    func failuresGetTheirReasonAndWaitingDeliveriesADeadline() async throws {
        try await TestPlatform.with { platform in
            let failed = TestPlatform.header(number: "971")
            let waiting = TestPlatform.header(number: "972")
            try await platform.sendDocument(failed)
            try await platform.sendDocument(waiting)
            // Put both back as version 5 stored them: one FAILED without a reason, one waiting without a deadline.
            let migration = try #require(ExchangeMigrations.all.first { $0.version == 6 })
            try await platform.database { database in
                _ = try await database.query(
                    """
                    UPDATE exchange.deliveries SET state = 4, fail_time = now(), fail_reason = 0
                    WHERE document_id = \(failed.documentID)
                    """)
                _ = try await database.query(
                    "UPDATE exchange.deliveries SET acknowledge_due = NULL WHERE document_id = \(waiting.documentID)")
                for statement in migration.statements.dropFirst().dropLast() {
                    _ = try await database.query(PostgresQuery(unsafeSQL: statement))
                }
            }
            let gaveUp = try #require(try await platform.document(failed.documentID).recipient(TestPlatform.recipient))
            #expect(gaveUp.failReason == .attemptsExhausted)
            let pending = try #require(
                try await platform.document(waiting.documentID).recipient(TestPlatform.recipient))
            #expect(pending.deliveryState == .queued)
            let due = pending.acknowledgeDeadline.date.timeIntervalSinceNow
            #expect(due > 86_400 - 600 && due <= 86_400, "a day from the upgrade")
        }
    }
}
