import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// Revoke — "thu hồi" (Art. 15.3; QĐ 28 Art. 9.2): on a valid revocation order the recipient's system marks the
/// document revoked, stops handling it "and notifies the sender": the confirmation is the recipient's report, not the
/// transport acknowledgement of the order.
@Suite("Exchange revocation confirmed by the recipient (Art. 15.3)", .serialized)
struct ExchangeRevocationConfirmationTests {
    @Test("acknowledging the revoking document confirms nothing; the recipient's report does, naming who handled it")
    func reportConfirms() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "701")
            try await platform.sendDocument(original)
            try await platform.receiveAll(as: TestPlatform.recipient)
            let revoking = TestPlatform.header(number: "702", .revoke, of: original.documentID)
            try await platform.sendDocument(revoking)

            let early = await #expect(throws: RPCError.self) {
                try await platform.confirmRevocation(of: original.documentID)
            }
            #expect(early?.code == .failedPrecondition)
            #expect(
                early?.message.contains("acknowledge the revoking document '\(revoking.documentID)' first") == true,
                "\(early?.message ?? "")")

            try await platform.receiveAll(as: TestPlatform.recipient)
            let arrived = try #require(
                try await platform.document(original.documentID).recipient(TestPlatform.recipient))
            #expect(arrived.disposition == .revoked)
            #expect(!arrived.hasRevocationConfirmTime, "the order arrived; nobody has reported handling it")

            let confirmed = try await platform.confirmRevocation(of: original.documentID, comment: "Đã hủy văn bản")
            #expect(confirmed.hasRevocationConfirmTime)
            #expect(confirmed.revocationConfirmHandler == TestPlatform.clerk)
            #expect(confirmed.revocationConfirmComment == "Đã hủy văn bản")

            let again = try await platform.confirmRevocation(of: original.documentID, comment: "lần hai")
            #expect(again.revocationConfirmTime == confirmed.revocationConfirmTime, "the first confirmation stands")
            #expect(again.revocationConfirmComment == "Đã hủy văn bản")

            let seen = try #require(try await platform.document(original.documentID).recipient(TestPlatform.recipient))
            #expect(seen.revocationConfirmHandler == TestPlatform.clerk)
            _ = try await platform.journalEventTypes(until: ["revocation.confirmed"])
        }
    }

    @Test("only a revoked copy can be confirmed, and only by the recipient that holds it")
    func onlyRevokedCopies() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "711")
            try await platform.sendDocument(original)
            try await platform.receiveAll(as: TestPlatform.recipient)

            let current = await #expect(throws: RPCError.self) {
                try await platform.confirmRevocation(of: original.documentID)
            }
            #expect(current?.code == .failedPrecondition)
            #expect(current?.message.contains("not revoked") == true, "\(current?.message ?? "")")

            let stranger = await #expect(throws: RPCError.self) {
                try await platform.confirmRevocation(of: original.documentID, as: TestPlatform.stranger)
            }
            #expect(stranger?.code == .notFound)

            let noHandler = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.confirmRevocation(.with { $0.documentID = original.documentID })
                }
            }
            #expect(noHandler?.code == .invalidArgument)
        }
    }
}
