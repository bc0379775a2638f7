import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Runs `body` with a client of the Search service, as the certificate's identity or, with `bearerToken`, as the
    /// person signed in (the query log then names the account).
    public func search<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Search_V1_SearchService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Search_V1_SearchService.Client(wrapping: $0)) }
    }
}
