import GRPCCore
import GRPCInProcessTransport
import Logging
import SwiftProtobuf
import Testing
import VDXPDevelopment
import VDXPProto

@testable import VDXPRuntime

/// The line every service logs at the end of an RPC (`ObservabilityInterceptor`), as on call and the security auditor
/// read it: who called, what, and how it ended — and with `VDXP_RPC_LOG=failures` only the calls that did not end OK.
/// Over an in-process transport, with the caller set as `IdentityInterceptor` sets it.
@Suite("RPC log lines")
struct RPCLogLineTests {
    /// Calls Health/Check for a known service and for an unknown one (NOT_FOUND) as `caller`.
    static func calls(as caller: CallerIdentity, rpcLog: ObservabilityInterceptor.RPCLog) async throws -> CapturedLog {
        let captured = CapturedLog()
        let board = HealthStatusBoard(services: ["vdxp.central.v1.CentralService"])
        let transport = InProcessTransport()
        try await withGRPCServer(
            transport: transport.server, services: [HealthService(board: board)],
            interceptors: [
                ObservabilityInterceptor(logger: captured.logger(level: .info), rpcLog: rpcLog),
                AsCaller(identity: caller),
            ]
        ) { _ in
            try await withGRPCClient(transport: transport.client) { client in
                let health = Grpc_Health_V1_Health.Client(wrapping: client)
                _ = try await health.check(.with { $0.service = "vdxp.central.v1.CentralService" })
                await #expect(throws: RPCError.self) {
                    _ = try await health.check(.with { $0.service = "no.such.Service" })
                }
            }
        }
        return captured
    }

    @Test("every RPC's line names the caller the identity interceptor found, the method and the status code")
    func accessLog() async throws {
        let captured = try await Self.calls(as: .member(organisationID: "000.00.00.G22"), rpcLog: .all)
        let lines = captured.lines.filter { $0.message == "rpc finished" }
        #expect(lines.map { $0.metadata["code"] } == ["ok", "not_found"])
        #expect(lines.allSatisfy { $0.metadata["caller"] == "member 000.00.00.G22" }, "\(lines)")
        #expect(lines.allSatisfy { $0.metadata["method"] == "grpc.health.v1.Health/Check" })
        #expect(lines.allSatisfy { $0.level == .info })
    }

    @Test("with VDXP_RPC_LOG=failures only the call that did not end OK is logged at info")
    func failuresOnly() async throws {
        let captured = try await Self.calls(as: .operator(name: "admin"), rpcLog: .failures)
        let lines = captured.lines.filter { $0.message == "rpc finished" }
        #expect(lines.map { $0.metadata["code"] } == ["not_found"])
        #expect(lines.first?.metadata["caller"] == "operator admin")
    }
}
