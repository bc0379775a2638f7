import Foundation
import GRPCCore
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// The chain of statuses the recipient's system reports back (Art. 14.3): "at least arrived, registered
/// (entered in the register), processing, completed", each with the time and who handled it.
@Suite("Exchange status chain (Art. 14.3)", .serialized)
struct ExchangeStatusChainTests {
    @Test("01 ARRIVED names the recipient's document system that acknowledged the delivery")
    func arrivedNamesTheAcknowledgingSystem() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "601")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)

            let state = try #require(try await platform.document(header.documentID).recipient(TestPlatform.recipient))
            let arrived = try #require(state.history.first)
            #expect(arrived.status == .arrived)
            #expect(arrived.handler.unit == TestPlatform.recipient.organisationID)
            #expect(arrived.handler.fullName == "document system of \(TestPlatform.recipient.name)")
            #expect(arrived.handler.position == "automatic acknowledgement")
        }
    }

    @Test("06 COMPLETED straight after 03 REGISTERED is refused: 05 PROCESSING is part of the minimum chain")
    func completedCannotSkipProcessing() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "602")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            _ = try await platform.report(.registered, on: header.documentID)

            let skipped = await #expect(throws: RPCError.self) {
                try await platform.report(.completed, on: header.documentID)
            }
            #expect(skipped?.code == .failedPrecondition)
            #expect(skipped?.message.contains("report 05 PROCESSING first") == true, "\(skipped?.message ?? "")")

            _ = try await platform.report(.processing, on: header.documentID)
            let completed = try await platform.report(.completed, on: header.documentID)
            #expect(completed.history.map(\.status) == [.arrived, .registered, .processing, .completed])
        }
    }
}
