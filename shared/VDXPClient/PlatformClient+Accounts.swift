public import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Runs `body` with a client of Central's `AccountService`, as the certificate's identity or, with
    /// `bearerToken`, as the person signed in.
    public func accounts<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Central_V1_AccountService.Client(wrapping: $0)) }
    }
}
