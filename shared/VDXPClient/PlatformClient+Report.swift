import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Runs `body` with a client of the Report service, as the certificate's identity.
    public func report<Result: Sendable>(
        _ body: @Sendable (Vdxp_Report_V1_ReportService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Report_V1_ReportService.Client(wrapping: $0)) }
    }
}
