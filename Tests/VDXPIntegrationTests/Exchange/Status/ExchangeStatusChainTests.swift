import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

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

    @Test(
        "an Exchange replica whose clock runs 3 s behind the database's: 02 and a 03 without a time follow 01, in order"
    )
    func statusTimesOnOneClock() async throws {
        let behind = WallClock { Date().addingTimeInterval(-3) }
        try await TestPlatform.with(exchangeClock: behind) { platform in
            let rejected = TestPlatform.header(number: "611")
            let registered = TestPlatform.header(number: "612")
            for header in [rejected, registered] { try await platform.sendDocument(header) }
            try await platform.receiveAll(as: TestPlatform.recipient)

            let refusal = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.rejectDocument(
                    .with {
                        $0.documentID = rejected.documentID
                        $0.reason = "Không thuộc thẩm quyền giải quyết"
                        $0.handler = TestPlatform.clerk
                    })
            }
            #expect(refusal.history.map(\.status) == [.arrived, .rejected])
            let state = try await platform.report(.registered, on: registered.documentID)
            #expect(state.history.map(\.status) == [.arrived, .registered])
            for history in [refusal.history, state.history] {
                let times = history.map(\.statusTime.date)
                #expect(times == times.sorted(), "each status at or after the one before it: \(times)")
            }
        }
    }

    @Test(
        "a report retried after its answer was lost — a refusal with its reason, a 03 with its time — is answered as the first time and recorded once; a different one is refused"
    )
    func retriedReportsAreRecordedOnce() async throws {
        try await TestPlatform.with { platform in
            let rejected = TestPlatform.header(number: "613")
            let registered = TestPlatform.header(number: "614")
            for header in [rejected, registered] { try await platform.sendDocument(header) }
            try await platform.receiveAll(as: TestPlatform.recipient)
            let recipient = platform.member(TestPlatform.recipient)

            let refusal = Vdxp_Exchange_V1_RejectDocumentRequest.with {
                $0.documentID = rejected.documentID
                $0.reason = "Không thuộc thẩm quyền giải quyết"
                $0.handler = TestPlatform.clerk
            }
            let first = try await recipient.exchange { try await $0.rejectDocument(refusal) }
            let again = try await recipient.exchange { try await $0.rejectDocument(refusal) }
            #expect(again == first)
            #expect(again.history.map(\.status) == [.arrived, .rejected])
            let otherReason = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.rejectDocument(refusal.changed { $0.reason = "Sai thể thức" })
                }
            }
            #expect(otherReason?.code == .failedPrecondition, "02 REJECTED is final")

            let report = Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
                $0.documentID = registered.documentID
                $0.status = .registered
                $0.handler = TestPlatform.clerk
                $0.statusTime = .init(date: Date())
            }
            let registeredOnce = try await recipient.exchange { try await $0.updateDocumentStatus(report) }
            let registeredAgain = try await recipient.exchange { try await $0.updateDocumentStatus(report) }
            #expect(registeredAgain == registeredOnce)
            #expect(registeredAgain.history.map(\.status) == [.arrived, .registered])
            let otherTime = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.updateDocumentStatus(report.changed { $0.statusTime = .init(date: Date()) })
                }
            }
            #expect(otherTime?.code == .failedPrecondition, "another 03 is a new report: statuses only move forward")
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
