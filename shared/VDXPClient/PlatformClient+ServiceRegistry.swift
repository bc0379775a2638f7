import GRPCCore
public import GRPCNIOTransportHTTP2Posix
public import VDXPProto
import VDXPRuntime

extension PlatformClient {
    /// Runs `body` with a client of Central's service registry (`vdxp.central.v1.ServiceRegistryService`, Art. 10), as
    /// the certificate's identity or, with `bearerToken`, as the person signed in.
    ///
    /// ```swift
    /// let services = try await client.serviceRegistry { try await $0.listServices(.init()) }
    /// ```
    public func serviceRegistry<Result: Sendable>(
        bearerToken: String? = nil,
        _ body:
            @Sendable (Vdxp_Central_V1_ServiceRegistryService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) {
            try await body(Vdxp_Central_V1_ServiceRegistryService.Client(wrapping: $0))
        }
    }
}
