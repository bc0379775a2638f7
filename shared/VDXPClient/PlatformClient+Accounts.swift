public import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Connects, runs `body` with the connected client — every call carrying `authorization: Bearer <bearerToken>`
    /// when a token is given, and ``actingFor`` when set — and closes the connection.
    public func run<Result: Sendable>(
        bearerToken: String?,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        guard let bearerToken else { return try await run(body) }
        let transport = try TransportFactory.mutualTLSClient(
            target: address, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath)
        let actingFor: [any ClientInterceptor] = self.actingFor.map { [ActingForInterceptor(unit: $0)] } ?? []
        return try await withGRPCClient(
            transport: transport, interceptors: [BearerTokenInterceptor(token: bearerToken)] + actingFor
        ) { client in try await body(client) }
    }

    /// Runs `body` with a client of Central's `AccountService`, as the certificate's identity or, with
    /// `bearerToken`, as the person signed in.
    public func accounts<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Central_V1_AccountService.Client(wrapping: $0)) }
    }
}
