import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization
import VDXPClient
import VDXPProto
import VDXPRuntime

/// A ``PlatformClient`` as a `vdxp` command uses it: the same identity and service, and every call it makes carries
/// the command's deadline (`--timeout`, default 30 s), so a service that takes the connection but never answers
/// fails the command with DEADLINE_EXCEEDED instead of hanging it.
///
/// The deadline is a default method config of the transport (`MethodConfig.timeout`, folded into each call's
/// `CallOptions.timeout`), so it also reaches the server as `grpc-timeout`. Commands that stream for ever by design
/// (`alerts watch`, `bench`, `crash-load`, `dev`) get a client with no deadline (``ClusterFile/callTimeout`` nil).
///
/// ```swift
/// let client = try cluster.operatorClient("central")
/// let member = try await client.central { try await $0.getMember(.with { $0.organisationID = id }) }
/// ```
struct CommandClient: Sendable {
    /// The identity, address and unit the calls use.
    var platform: PlatformClient
    /// The service the client calls (`central`, `exchange`, …), for messages.
    var service: String
    /// Who the calls are made as, in words (`the operator (admin)`, `member 000.00.00.G22`), for messages.
    var identity: String
    /// Each call's deadline; nil for none.
    var timeout: Duration?

    /// The represented unit the calls act for (`vdxp-acting-for`); nil to act as the identity itself.
    var actingFor: String? {
        get { platform.actingFor }
        set { platform.actingFor = newValue }
    }

    /// Connects, runs `body` with the connected client — every call carrying the deadline, `authorization: Bearer`
    /// when `bearerToken` is given and ``actingFor`` when set — and closes the connection.
    func run<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        CallRecord.note(
            CallRecord.Call(
                service: service, address: platform.address, identity: identity,
                timeout: timeout))
        var interceptors: [any ClientInterceptor] = []
        if let bearerToken { interceptors.append(BearerTokenInterceptor(token: bearerToken)) }
        if let unit = platform.actingFor { interceptors.append(ActingForInterceptor(unit: unit)) }
        return try await withGRPCClient(transport: try transport(), interceptors: interceptors) { client in
            try await body(client)
        }
    }

    /// A service config whose every method has `timeout` as its deadline; none when nil.
    static func serviceConfig(timeout: Duration?) -> ServiceConfig {
        var serviceConfig = ServiceConfig()
        if let timeout {
            serviceConfig.methodConfig = [MethodConfig(names: [MethodConfig.Name(service: "")], timeout: timeout)]
        }
        return serviceConfig
    }

    /// A server-authenticated TLS transport without a client certificate (`TransportFactory.tlsClient`: Central's
    /// public directory), each call bounded by `timeout`.
    static func tlsTransport(
        to address: HostAndPort, caPath: String, timeout: Duration?
    ) throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: address.clientTarget,
            transportSecurity: .tls { tls in
                tls.trustRoots = .certificates([.file(path: caPath, format: .pem)])
                tls.serverCertificateVerification = .fullVerification
            },
            serviceConfig: serviceConfig(timeout: timeout))
    }

    /// The mTLS transport of ``PlatformClient`` (`TransportFactory.mutualTLSClient`), with the deadline as the
    /// default method config.
    private func transport() throws -> HTTP2ClientTransport.Posix {
        let serviceConfig = Self.serviceConfig(timeout: timeout)
        let (certificate, key, ca) = (platform.certificatePath, platform.keyPath, platform.platformCAPath)
        return try HTTP2ClientTransport.Posix(
            target: platform.address.clientTarget,
            transportSecurity: .mTLS(
                certificateChain: [.file(path: certificate, format: .pem)], privateKey: .file(path: key, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: ca, format: .pem)])
                tls.serverCertificateVerification = .fullVerification
            },
            config: .defaults { config in
                config.backoff.max = .seconds(5)
                config.connection.keepalive = TransportFactory.clientKeepalive
            },
            serviceConfig: serviceConfig)
    }

    /// Runs `body` with a Central client.
    func central<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Central_V1_CentralService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Central_V1_CentralService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a client of Central's `AccountService`.
    func accounts<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Central_V1_AccountService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Central_V1_AccountService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a client of Central's `ServiceRegistryService`.
    func serviceRegistry<Result: Sendable>(
        bearerToken: String? = nil,
        _ body:
            @Sendable (Vdxp_Central_V1_ServiceRegistryService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) {
            try await body(Vdxp_Central_V1_ServiceRegistryService.Client(wrapping: $0))
        }
    }

    /// Runs `body` with an Exchange client.
    func exchange<Result: Sendable>(
        _ body: @Sendable (Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Exchange_V1_ExchangeService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a Monitoring client.
    func monitoring<Result: Sendable>(
        _ body:
            @Sendable (Vdxp_Monitoring_V1_MonitoringService.Client<HTTP2ClientTransport.Posix>) async throws
            -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a Ticket client.
    func ticket<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Ticket_V1_TicketService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Ticket_V1_TicketService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a Report client.
    func report<Result: Sendable>(
        _ body: @Sendable (Vdxp_Report_V1_ReportService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run { try await body(Vdxp_Report_V1_ReportService.Client(wrapping: $0)) }
    }

    /// Runs `body` with a Search client.
    func search<Result: Sendable>(
        bearerToken: String? = nil,
        _ body: @Sendable (Vdxp_Search_V1_SearchService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await run(bearerToken: bearerToken) { try await body(Vdxp_Search_V1_SearchService.Client(wrapping: $0)) }
    }
}

/// The last platform client a command connected with — the service, address, identity and deadline — so a failure
/// can say which identity was refused, which address did not answer and which timeout ran out.
enum CallRecord {
    /// One client's description.
    struct Call: Sendable {
        var service: String
        var address: HostAndPort
        var identity: String
        var timeout: Duration?
    }

    private static let last = Mutex<Call?>(nil)

    /// Records `call` as the latest.
    static func note(_ call: Call) { last.withLock { $0 = call } }

    /// The latest call recorded, if any.
    static var latest: Call? { last.withLock { $0 } }
}

extension HostAndPort {
    /// The target a client connects to: an IPv6 or IPv4 address as such, a name resolved through DNS.
    var clientTarget: any ResolvableTarget {
        if host.contains(":") { return ResolvableTargets.IPv6.ipv6(address: host, port: port) }
        if host.allSatisfy({ $0.isNumber || $0 == "." }) {
            return ResolvableTargets.IPv4.ipv4(address: host, port: port)
        }
        return ResolvableTargets.DNS.dns(host: host, port: port)
    }
}

/// Runs `body`, failing it with DEADLINE_EXCEEDED when it has not finished after `timeout` (nil: no limit) — for the
/// work that goes through a shared helper whose calls ``CommandClient`` cannot bound one by one.
func withDeadline<Result: Sendable>(
    _ timeout: Duration?, doing what: String, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    guard let timeout else { return try await body() }
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw RPCError(code: .deadlineExceeded, message: "\(what) did not finish within \(timeout)")
        }
        return result
    }
}
