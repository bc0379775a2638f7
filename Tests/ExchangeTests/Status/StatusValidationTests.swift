import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

@Suite("Exchange status requests are validated before any database work", .timeLimit(.minutes(1)))
struct StatusValidationTests {
    static let member = InProcessExchange.Caller.assumed(.member(organisationID: "000.00.00.H26"))

    static let handler = Vdxp_Exchange_V1_Handler.with {
        $0.fullName = "Nguyễn Văn An"
        $0.unit = "Văn thư"
    }

    @Test("a status other than 03 to 06 is INVALID_ARGUMENT naming `status`")
    func statusOutOfRange() async throws {
        try await InProcessExchange.withClient(as: Self.member) { exchange in
            let error = await #expect(throws: RPCError.self) {
                _ = try await exchange.updateDocumentStatus(
                    .with {
                        $0.documentID = "000.00.00.G22,2026,1/QĐ-UBND"
                        $0.status = .arrived
                        $0.handler = Self.handler
                    })
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.badRequestFields == ["status"])
            #expect(error?.message.contains("AcknowledgeDelivery") == true)
        }
    }

    @Test("a status change without a handler is INVALID_ARGUMENT naming `handler`")
    func handlerRequired() async throws {
        try await InProcessExchange.withClient(as: Self.member) { exchange in
            let error = await #expect(throws: RPCError.self) {
                _ = try await exchange.updateDocumentStatus(
                    .with {
                        $0.documentID = "000.00.00.G22,2026,1/QĐ-UBND"
                        $0.status = .registered
                    })
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.badRequestFields == ["handler"])
        }
    }

    @Test("a handler's full name is required: INVALID_ARGUMENT naming `handler.full_name`")
    func handlerNameRequired() async throws {
        try await InProcessExchange.withClient(as: Self.member) { exchange in
            let error = await #expect(throws: RPCError.self) {
                _ = try await exchange.updateDocumentStatus(
                    .with {
                        $0.documentID = "000.00.00.G22,2026,1/QĐ-UBND"
                        $0.status = .registered
                        $0.handler = .with { $0.unit = "Văn thư" }
                    })
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.badRequestFields == ["handler.full_name"])
        }
    }

    @Test("a rejection without a reason is INVALID_ARGUMENT naming `reason`")
    func rejectionNeedsReason() async throws {
        try await InProcessExchange.withClient(as: Self.member) { exchange in
            let error = await #expect(throws: RPCError.self) {
                _ = try await exchange.rejectDocument(
                    .with {
                        $0.documentID = "000.00.00.G22,2026,1/QĐ-UBND"
                        $0.handler = Self.handler
                        $0.reason = "   "
                    })
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.badRequestFields == ["reason"])
        }
    }
}
