import GRPCCore
import GRPCInProcessTransport
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

/// Handlers refuse malformed requests, and callers acting for others, before they touch the database: these run on a
/// database pool that is never started, so none of them may reach it.
@Suite("Central request validation")
struct CentralRequestValidationTests {
    static let member = CallerIdentity.member(organisationID: "000.00.00.H26")
    static let `operator` = CallerIdentity.operator(name: "admin")

    @Test("a malformed member registration is INVALID_ARGUMENT; one without declared conformity FAILED_PRECONDITION")
    func createMember() async throws {
        try await InProcessCentral.with(caller: .identified(Self.operator)) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let badID = await statusCode {
                _ = try await central.createMember(.with { $0.member.organisationID = "not an id" })
            }
            #expect(badID == .invalidArgument)
            let noApplication = await statusCode {
                _ = try await central.createMember(
                    .with {
                        $0.member.organisationID = "000.00.00.H26"
                        $0.member.displayName = "UBND Tỉnh Thanh Hóa"
                    })
            }
            #expect(noApplication == .invalidArgument)
            let undeclared = await statusCode {
                _ = try await central.createMember(
                    .with {
                        $0.member.organisationID = "000.00.00.H26"
                        $0.member.displayName = "UBND Tỉnh Thanh Hóa"
                        $0.member.connectionRequest = .with {
                            $0.purpose = "văn bản điện tử"
                            $0.scope = "toàn tỉnh"
                            $0.conformityStatement = "đáp ứng yêu cầu kỹ thuật"
                        }
                    })
            }
            #expect(undeclared == .failedPrecondition)
            let pageSize = await statusCode { _ = try await central.listMembers(.with { $0.pageSize = -1 }) }
            #expect(pageSize == .invalidArgument)
        }
    }

    @Test("INVALID_ARGUMENT carries a google.rpc.BadRequest naming the broken field, as the proto promises")
    func badRequestDetails() async throws {
        try await InProcessCentral.with(caller: .identified(Self.operator)) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let pageSize = await #expect(throws: RPCError.self) {
                _ = try await central.listMembers(.with { $0.pageSize = -1 })
            }
            #expect(pageSize?.badRequestFields == ["page_size"])
            let note = await #expect(throws: RPCError.self) {
                _ = try await central.startTrial(
                    .with {
                        $0.organisationID = "000.00.00.H26"
                        $0.note = String(repeating: "x", count: 1001)
                    })
            }
            #expect(note?.code == .invalidArgument)
            #expect(note?.badRequestFields == ["note"])
        }
    }

    @Test("the operator suspends a member only citing the member's written request (Art. 9.5)")
    func operatorSuspendsOnlyAtTheMembersRequest() async throws {
        try await InProcessCentral.with(caller: .identified(Self.operator)) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let uncited = await #expect(throws: RPCError.self) {
                _ = try await central.suspendMember(
                    .with {
                        $0.organisationID = "000.00.00.H26"
                        $0.reason = "Không đáp ứng yêu cầu an toàn thông tin"
                        $0.expectedResumeDate = "2099-01-05"
                        $0.memberRequestReference = "  "
                    })
            }
            #expect(uncited?.code == .invalidArgument)
            #expect(uncited?.message.contains("member_request_reference is required") == true)
            #expect(uncited?.message.contains("Art. 9.5") == true)
        }
    }

    @Test("a member may neither read another member's record nor change its connection")
    func memberActsOnlyForItself() async throws {
        try await InProcessCentral.with(caller: .identified(Self.member)) { client in
            let central = Vdxp_Central_V1_CentralService.Client(wrapping: client)
            let read = await statusCode {
                _ = try await central.getMember(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(read == .permissionDenied)
            let suspend = await statusCode {
                _ = try await central.suspendMember(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(suspend == .permissionDenied)
            let registry = Vdxp_Central_V1_ServiceRegistryService.Client(wrapping: client)
            let file = await statusCode {
                _ = try await registry.requestServiceChange(.with { $0.organisationID = "000.00.00.G22" })
            }
            #expect(file == .permissionDenied)
            let noKind = await statusCode { _ = try await registry.requestServiceChange(.init()) }
            #expect(noKind == .invalidArgument)
        }
    }

    @Test("malformed account and directory requests are INVALID_ARGUMENT")
    func accountsAndDirectory() async throws {
        try await InProcessCentral.with(caller: .identified(Self.operator)) { client in
            let accounts = Vdxp_Central_V1_AccountService.Client(wrapping: client)
            let lock = await statusCode {
                _ = try await accounts.lockAccount(.with { $0.accountID = "not-a-uuid" })
            }
            #expect(lock == .invalidArgument)
            let directory = Vdxp_Central_V1_PublicDirectoryService.Client(wrapping: client)
            let unit = await statusCode {
                _ = try await directory.listDirectoryEntries(.with { $0.level1Unit = "H26; DROP" })
            }
            #expect(unit == .invalidArgument)
        }
    }
}
