import Foundation
public import GRPCCore
public import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
public import VDXPProto
public import VDXPRuntime
import VDXPTrust

/// Calls a VDXP service over mutual TLS as one identity (a member's connection certificate, an operator's or a
/// service's platform certificate). Used by the `vdxp` tool and the integration tests.
public struct PlatformClient: Sendable {
    /// Where the service listens.
    public var address: HostAndPort
    /// PEM file of the client certificate.
    public var certificatePath: String
    /// PEM file of the client key.
    public var keyPath: String
    /// PEM file of the CA that issued the server's certificate (the platform CA).
    public var platformCAPath: String
    /// The represented unit a member's system calls Exchange for (`vdxp-acting-for`, Art. 3.3, 8.2.b); `nil` to act
    /// as the member itself.
    public var actingFor: String? = nil
    /// Each call's deadline, sent to the server as `grpc-timeout`: a call not finished by then fails with
    /// DEADLINE_EXCEEDED instead of waiting on a server that took the connection and never answers. `nil` (the
    /// default) for none — the streams that follow a journal or an inbox for ever.
    public var timeout: Duration? = nil
    /// Interceptors every call goes through besides the client's own (the bearer token, ``actingFor``): the `vdxp`
    /// tool records which identity called which address, so that a failure can name them.
    public var interceptors: [any ClientInterceptor] = []

    /// Creates a client description; nothing connects until `run`.
    public init(address: HostAndPort, certificatePath: String, keyPath: String, platformCAPath: String) {
        self.address = address
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.platformCAPath = platformCAPath
    }

    /// Connects, runs `body` with the connected client — every call carrying ``timeout`` as its deadline,
    /// `authorization: Bearer <bearerToken>` when a token is given, ``actingFor`` when set, and ``interceptors`` —
    /// and closes the connection.
    public func run<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let transport = try TransportFactory.mutualTLSClient(
            target: address, certificatePath: certificatePath, keyPath: keyPath, caPath: platformCAPath,
            timeout: timeout)
        var interceptors = self.interceptors
        if let bearerToken { interceptors.append(BearerTokenInterceptor(token: bearerToken)) }
        if let actingFor { interceptors.append(ActingForInterceptor(unit: actingFor)) }
        return try await withGRPCClient(transport: transport, interceptors: interceptors) { client in
            try await body(client)
        }
    }

    /// Runs `body` with a Central client, as the certificate's identity or, with `bearerToken`, as the person signed
    /// in (a member's MEMBER_ADMIN changing its own connection, gateway or contact).
    public func central<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Central_V1_CentralService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Central_V1_CentralService.Client(wrapping: $0)) }
    }

    /// Runs `body` with an Exchange client.
    public func exchange<Result: Sendable>(
        _ body: @Sendable (Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Exchange_V1_ExchangeService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a Monitoring client.
    public func monitoring<Result: Sendable>(
        _ body:
            @Sendable (Vdxp_Monitoring_V1_MonitoringService.Client<HTTP2ClientTransport.Posix>) async throws
            -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: $0)) }
    }
}
