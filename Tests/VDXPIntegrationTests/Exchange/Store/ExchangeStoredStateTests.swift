import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPStore

/// States are stored as the numbers of the contract's enums and read back as values; a number the contract does not
/// define is corrupt data, never a state.
@Suite("Exchange stored states", .serialized)
struct ExchangeStoredStateTests {
    @Test("a delivery state the contract does not define, read back, is a server fault (INTERNAL), never a state")
    func undefinedStateIsCorrupt() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "951")
            _ = try await platform.sendDocument(header)
            let request = Vdxp_Exchange_V1_GetDocumentRequest.with { $0.documentID = header.documentID }
            let sender = platform.member(TestPlatform.sender)
            #expect(try await sender.exchange { try await $0.getDocument(request) }.recipients.count == 1)

            _ = try await platform.database {
                try await $0.query("UPDATE exchange.deliveries SET state = 99 WHERE document_id = \(header.documentID)")
            }
            let error = await #expect(throws: RPCError.self) {
                try await sender.exchange { try await $0.getDocument(request) }
            }
            #expect(error?.code == .internalError, "\(error?.message ?? "")")
        }
    }
}
