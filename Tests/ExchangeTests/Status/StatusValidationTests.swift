import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

@Suite("Exchange status requests are validated before any database work", .timeLimit(.minutes(3)))
struct StatusValidationTests {
    static let member = InProcessExchange.Caller.assumed(.member(organisationID: "000.00.00.H26"))

    /// The configuration the server holds: the caller is connected.
    static let official: [String: Vdxp_Central_V1_MemberState] = ["000.00.00.H26": .official]

    static let handler = Vdxp_Exchange_V1_Handler.with {
        $0.fullName = "Nguyễn Văn An"
        $0.unit = "Văn thư"
    }

    @Test("a status other than 03 to 06 is INVALID_ARGUMENT naming `status`")
    func statusOutOfRange() async throws {
        try await InProcessExchange.withClient(as: Self.member, members: Self.official) { exchange in
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
        try await InProcessExchange.withClient(as: Self.member, members: Self.official) { exchange in
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
        try await InProcessExchange.withClient(as: Self.member, members: Self.official) { exchange in
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
        try await InProcessExchange.withClient(as: Self.member, members: Self.official) { exchange in
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

    @Test(
        "a suspended or cut-off member is refused PERMISSION_DENIED for its state before its request is looked at",
        arguments: [Vdxp_Central_V1_MemberState.suspended, .cutOff])
    func callerStateFirst(state: Vdxp_Central_V1_MemberState) async throws {
        try await InProcessExchange.withClient(as: Self.member, members: ["000.00.00.H26": state]) { exchange in
            let update = await #expect(throws: RPCError.self) {
                _ = try await exchange.updateDocumentStatus(.with { $0.status = .arrived })
            }
            #expect(update?.code == .permissionDenied, "\(String(describing: update))")
            let reject = await #expect(throws: RPCError.self) {
                _ = try await exchange.rejectDocument(.init())
            }
            #expect(reject?.code == .permissionDenied, "\(String(describing: reject))")
            #expect(reject?.message.contains("cannot exchange documents") == true, "\(reject?.message ?? "")")
        }
    }
}
