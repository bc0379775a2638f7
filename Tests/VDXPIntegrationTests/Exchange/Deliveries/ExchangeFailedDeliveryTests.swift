import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// Failed deliveries (Art. 13.2): "the sender tracks delivery and must handle failures the same working day".
@Suite("Exchange failed deliveries (Art. 13.2)", .serialized)
struct ExchangeFailedDeliveryTests {
    @Test("a delivery unacknowledged after the attempt limit fails, the sender sees it at once, and can retry it")
    func failureIsReportedAndRetried() async throws {
        let settings = ["VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS": "2", "VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1"]
        try await TestPlatform.with(exchangeSettings: settings) { platform in
            let header = TestPlatform.header(number: "801")
            try await platform.sendDocument(header)
            let shortLease = Vdxp_Exchange_V1_FetchInboxRequest.with { $0.leaseDuration = .with { $0.seconds = 10 } }
            let recipient = platform.member(TestPlatform.recipient)

            // The sender watches; the recipient fetches twice and never acknowledges.
            let watcher = Task {
                try await platform.member(TestPlatform.sender).exchange { exchange in
                    try await exchange.watchDocumentStatus(.with { $0.documentID = header.documentID }) {
                        response -> Vdxp_Exchange_V1_RecipientState? in
                        for try await event in response.messages where event.recipient.deliveryState == .failed {
                            return event.recipient
                        }
                        return nil
                    }
                }
            }
            #expect(
                try await recipient.exchange { try await $0.fetchInbox(shortLease).deliveries }.map(\.attempt) == [1])
            try await Task.sleep(for: .seconds(10.5))
            let second = try await recipient.exchange { try await $0.fetchInbox(shortLease).deliveries }
            #expect(second.map(\.attempt) == [2])
            try await Task.sleep(for: .seconds(10.5))
            #expect(
                try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries }.isEmpty,
                "a failed delivery is no longer handed out")

            let failed = try await watcher.value
            #expect(failed?.deliveryState == .failed)
            #expect(failed?.attemptCount == 2)
            #expect(failed?.hasFailTime == true)

            let list = try await platform.member(TestPlatform.sender).exchange {
                try await $0.listFailedDeliveries(.init())
            }
            #expect(list.deliveries.map(\.documentID) == [header.documentID])
            let deliveryID = try #require(list.deliveries.first?.recipient.deliveryID)
            let notMine = try await platform.member(TestPlatform.stranger).exchange {
                try await $0.listFailedDeliveries(.init())
            }
            #expect(notMine.deliveries.isEmpty)
            let badToken = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.listFailedDeliveries(.with { $0.pageToken = "not-a-token" })
                }
            }
            #expect(badToken?.code == .invalidArgument)
            let badID = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.retryDelivery(.with { $0.deliveryID = "42" })
                }
            }
            #expect(badID?.code == .invalidArgument)

            let late = await #expect(throws: RPCError.self) {
                try await recipient.exchange { try await $0.acknowledgeDelivery(.with { $0.deliveryID = deliveryID }) }
            }
            #expect(late?.code == .failedPrecondition)

            let retried = try await platform.member(TestPlatform.sender).exchange {
                try await $0.retryDelivery(.with { $0.deliveryID = deliveryID })
            }
            #expect(retried.deliveryState == .queued)
            #expect(retried.attemptCount == 0)
            let again = try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries }
            #expect(again.map(\.deliveryID) == [deliveryID])
            #expect(again.map(\.attempt) == [1])

            let twice = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.retryDelivery(.with { $0.deliveryID = deliveryID })
                }
            }
            #expect(twice?.code == .failedPrecondition, "only a FAILED delivery is retried")
            let journal = try await platform.journalEventTypes(until: ["delivery.failed", "delivery.retried"])
            #expect(journal.contains("delivery.failed"))
        }
    }
}
