import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPExchange

/// A commit group of status reports is checked and written as a set (Art. 14.3): reports of one copy are made in the
/// order they came, each against the copy as the reports before it left it, and a refused one leaves the rest.
@Suite("Exchange status reports written as a set", .serialized)
struct StatusChangeWriterTests {
    static let handler = Vdxp_Exchange_V1_Handler.with {
        $0.fullName = "Trần Thị Bình"
        $0.unit = "Văn thư"
    }

    static func change(
        _ status: Vdxp_Exchange_V1_DocumentStatus, of documentID: String, at time: Date
    ) -> PendingStatusChange {
        PendingStatusChange(
            status: status, documentID: documentID, recipient: TestPlatform.recipient.organisationID,
            handler: handler, comment: "", statusTime: time)
    }

    @Test("reports of one copy in one group are made in order; one dated before the last, or skipping, is refused")
    func oneCopyInOrder() async throws {
        try await TestPlatform.with { platform in
            let first = TestPlatform.header(number: "1501")
            let second = TestPlatform.header(number: "1502")
            for header in [first, second] { try await platform.sendDocument(header) }
            let recipient = platform.member(TestPlatform.recipient)
            for delivery in try await recipient.exchange({ try await $0.fetchInbox(.init()).deliveries }) {
                _ = try await recipient.exchange {
                    try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
                }
            }
            let now = Date()
            let group = [
                Self.change(.registered, of: first.documentID, at: now),
                Self.change(.completed, of: second.documentID, at: now),  // skips REGISTERED and PROCESSING
                Self.change(.processing, of: first.documentID, at: now.addingTimeInterval(60)),
                Self.change(.completed, of: first.documentID, at: now.addingTimeInterval(30)),  // before PROCESSING
                Self.change(.completed, of: first.documentID, at: now.addingTimeInterval(90)),
                Self.change(.registered, of: "000.00.00.G22,2026,404/VPCP-TTĐT", at: now),
            ]
            let outcomes = try await platform.database { database in
                let writer = StatusChangeWriter(
                    deliveries: DeliveryStore(database: database, logger: platform.logger),
                    statusHistory: StatusHistoryStore(database: database, logger: platform.logger),
                    journal: JournalStore(database: database, logger: platform.logger),
                    retractRequests: RetractRequestStore(database: database, logger: platform.logger))
                return try await database.transaction(logger: platform.logger) { connection in
                    try await writer.write(group, on: connection)
                }
            }
            // Each accepted report is answered with the copy as the whole set left it.
            #expect(outcomes.map { (try? $0.get())?.status } == [.completed, nil, .completed, nil, .completed, nil])
            #expect(
                (try? outcomes[0].get())?.history.map(\.status) == [.arrived, .registered, .processing, .completed])
            #expect(outcomes[1].failure is StatusTransitionError, "COMPLETED straight after ARRIVED")
            #expect((outcomes[3].failure as? ExchangeError)?.rpcErrorCode == .invalidArgument, "before PROCESSING")
            #expect((outcomes[5].failure as? ExchangeError)?.rpcErrorCode == .notFound)

            let sender = platform.member(TestPlatform.sender)
            let firstHistory = try await sender.exchange {
                try await $0.getDocument(.with { $0.documentID = first.documentID })
            }.recipients[0].history
            #expect(firstHistory.map(\.status) == [.arrived, .registered, .processing, .completed])
            #expect(firstHistory.last?.handler.fullName == Self.handler.fullName)
            let secondHistory = try await sender.exchange {
                try await $0.getDocument(.with { $0.documentID = second.documentID })
            }.recipients[0].history
            #expect(secondHistory.map(\.status) == [.arrived])
            let journaled = try await platform.database { database in
                var count = 0
                for try await n in try await database.query(
                    "SELECT count(*) FROM exchange.journal WHERE event_type = 'status.changed'"
                ).decode(Int.self) { count = n }
                return count
            }
            #expect(journaled == 3, "one journal entry per change made")
        }
    }
}
