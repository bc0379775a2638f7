import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
public import Logging
import Metrics
import NIOCore
import PostgresNIO
public import Prometheus
import ServiceLifecycle
import Synchronization
import UnixSignals
import VDXPProto
import VDXPStore
import VDXPTrust
import X509

/// Runs one VDXP service: connects to PostgreSQL, applies the service's migrations under an advisory lock, opens the
/// mTLS gRPC listener (with identity, logging and metrics interceptors), the plaintext health listener and the
/// metrics listener, follows the global configuration, and shuts everything down gracefully on SIGTERM/SIGINT or
/// `shutdown()`.
///
/// ```swift
/// // services/exchange/Main/main.swift
/// await ServiceHost.main(ExchangeService.definition)
/// ```
public final class ServiceHost: Sendable {
    /// The service.
    public let definition: ServiceDefinition
    /// Its settings.
    public let configuration: ServiceConfiguration
    /// Its logger.
    public let logger: Logger
    /// The global configuration this process holds.
    public let globalConfiguration: GlobalConfigurationStore
    /// The health states served.
    public let health: HealthStatusBoard
    /// The services of this host running now: named in the log when graceful shutdown takes long.
    public let running: RunningServices
    private let bound = OneShot<BoundAddresses>()
    private let group = Mutex<ServiceGroup?>(nil)
    private let stopRequested = Mutex(false)

    /// The shared Prometheus registry of this process.
    public static let registry = PrometheusCollectorRegistry()
    private static let metricsBootstrapped = Mutex(false)

    /// Creates a host. Call `run()` to start it.
    public init(definition: ServiceDefinition, configuration: ServiceConfiguration, logger: Logger? = nil) {
        self.definition = definition
        self.configuration = configuration
        var logger = logger ?? Logger(label: "vdxp.\(definition.name)")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        self.globalConfiguration = GlobalConfigurationStore()
        self.health = HealthStatusBoard(services: definition.healthServiceNames)
        self.running = RunningServices(reportAfter: configuration.shutdownGrace / 2, logger: logger)
        Self.bootstrapMetrics()
    }

    /// Bootstraps swift-metrics with the Prometheus registry once per process.
    static func bootstrapMetrics() {
        let first = metricsBootstrapped.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
    }

    /// The entry point of a service executable: reads settings from the environment and flags, logs JSON, runs until
    /// SIGTERM/SIGINT, and exits non-zero with a clear message on a configuration or start-up error.
    public static func main(_ definition: ServiceDefinition) async {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(service: definition.name, settings: try Settings())
            try definition.checkSettings(configuration)
        } catch {
            FileHandle.standardError.write(Data("vdxp-\(definition.name): \(error)\n".utf8))
            exit(64)
        }
        JSONLogHandler.bootstrap(service: definition.name, level: configuration.logLevel)
        // Before anything uses SwiftNIO's shared event loops: they are created on first use, with this many threads.
        if let loops = configuration.eventLoops { NIOSingletons.groupLoopCountSuggestion = loops }
        let host = ServiceHost(definition: definition, configuration: configuration)
        do {
            try await host.run(handleSignals: true)
        } catch {
            host.logger.critical("service stopped on an error", metadata: ["error": "\(loggedDescription(of: error))"])
            exit(1)
        }
    }

    /// Where the service listens, once it does.
    public func addresses() async throws -> BoundAddresses {
        try await bound.value
    }

    /// Begins graceful shutdown (the same as SIGTERM).
    public func shutdown() {
        stopRequested.withLock { $0 = true }
        if let serviceGroup = group.withLock({ $0 }) {
            Task { await serviceGroup.triggerGracefulShutdown() }
        }
    }

    /// Runs the service until shutdown.
    public func run(handleSignals: Bool = false) async throws {
        do {
            try await runService(handleSignals: handleSignals)
            bound.set(.failure(StoppedBeforeListening(service: definition.name)))
        } catch {
            bound.set(.failure(error))
            throw error
        }
    }

    private func runService(handleSignals: Bool) async throws {
        let configuration = self.configuration
        let logger = self.logger
        try definition.checkSettings(configuration)
        // Every certificate of the bundle: during a rotation the old and the new platform CA are trusted side by side.
        let platformCAs = try PEM.loadCertificateChain(pemFile: configuration.platformCAPath)
        _ = try platformCAs.first.orThrow("\(configuration.platformCAPath) holds no certificate")
        let anchor = try PEM.loadCertificateChain(pemFile: configuration.configurationAnchorPath).first.orThrow(
            "\(configuration.configurationAnchorPath) holds no certificate")
        let database = Database(
            configuration: configuration.databaseURL.clientConfiguration(
                maximumConnections: configuration.databaseMaximumConnections),
            logger: logger)
        let probeConnection = try configuration.databaseURL.connectionConfiguration()

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let running = self.running
            tasks.addTask { await running.during("database pool") { await database.run() } }
            defer { tasks.cancelAll() }
            await database.waitUntilRunning()

            logger.info("connecting to the database", metadata: ["database": "\(configuration.databaseURL)"])
            let applied = try await SchemaMigrator(schema: definition.name, migrations: definition.migrations)
                .migrate(client: database.client, logger: logger)
            logger.info("schema is current", metadata: ["schema": "\(definition.name)", "applied": "\(applied)"])
            if configuration.migrateOnly { return }

            let environment = ServiceEnvironment(
                configuration: configuration, database: database, logger: logger,
                globalConfiguration: globalConfiguration, platformCAs: platformCAs, configurationAnchor: anchor)
            let components = try await definition.build(environment)
            // Every setting of the service has been read by now: a name left over has no effect.
            let unknown = configuration.settings.unread
            if !unknown.isEmpty {
                logger.warning(
                    """
                    settings given that \(definition.name) has none of: they have no effect — check their spelling \
                    against docs/operations.md, or remove them
                    """,
                    metadata: ["settings": "\(unknown.joined(separator: ", "))"])
            }

            let verifier = PeerCertificateVerifier(
                platformCAs: platformCAs, configuration: globalConfiguration,
                rejections: HandshakeRejections(logger: logger))
            let resolver = IdentityResolver(platformCAs: platformCAs, configuration: globalConfiguration)
            var rules = components.accessRules
            var databaseFree = components.databaseFreeMethods
            for method in Grpc_Health_V1_Health.Method.descriptors {
                rules[method] = .anyAuthenticated
                databaseFree.insert(method)
            }
            let healthService = HealthService(board: health)
            let grpcServer = GRPCServer(
                transport: TransportFactory.mutualTLSServer(
                    address: configuration.grpcAddress, certificatePath: configuration.tlsCertificatePath,
                    keyPath: configuration.tlsKeyPath, verifier: verifier,
                    connections: ConnectionLimiter(
                        listener: "grpc", maximum: configuration.maximumConnections,
                        maximumPerAddress: configuration.maximumConnectionsPerAddress)),
                services: components.rpcServices + [healthService],
                interceptors: [
                    ObservabilityInterceptor(logger: logger, rpcLog: configuration.rpcLog),
                    IdentityInterceptor(
                        resolver: resolver, rules: rules, tokenVerifier: AccountTokenVerifier(anchor: anchor)),
                    ConcurrentCallLimitInterceptor(
                        maximum: configuration.maximumOpenStreamsPerMember,
                        methods: components.memberStreams.union([Grpc_Health_V1_Health.Method.Watch.descriptor]),
                        key: { _ in RequestContext.current?.caller?.organisationID },
                        refusal: { member, maximum in
                            "member \(member) already holds \(maximum) open streams on this replica "
                                + "(VDXP_MAX_OPEN_STREAMS_PER_MEMBER): end one it no longer needs, or retry later"
                        }),
                    // Every call of a member, so that one member's runaway system takes its share of the replica,
                    // not every other member's.
                    ConcurrentCallLimitInterceptor(
                        maximum: configuration.maximumConcurrentCallsPerMember,
                        key: { _ in RequestContext.current?.caller?.organisationID },
                        refusal: { member, maximum in
                            "member \(member) already has \(maximum) calls in progress on this replica "
                                + "(VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER): send fewer at once, and retry this one "
                                + "when an answer has come"
                        }),
                    DatabaseGateInterceptor(database: database, exempt: databaseFree),
                    MessageLimitsInterceptor(),
                ])
            let healthServer = GRPCServer(
                transport: TransportFactory.plaintextServer(address: configuration.healthAddress),
                services: [healthService])
            let metrics = MetricsEndpoint(
                address: configuration.metricsAddress, registry: Self.registry, logger: logger)
            let publicServer: GRPCServer<HTTP2ServerTransport.Posix>? =
                components.publicServices.isEmpty
                ? nil
                : GRPCServer(
                    transport: TransportFactory.tlsServer(
                        address: configuration.publicAddress, certificatePath: configuration.tlsCertificatePath,
                        keyPath: configuration.tlsKeyPath,
                        connections: ConnectionLimiter(
                            listener: "public", maximum: configuration.maximumConnections,
                            maximumPerAddress: configuration.maximumConnectionsPerAddress)),
                    services: components.publicServices,
                    interceptors: [
                        ObservabilityInterceptor(logger: logger, rpcLog: configuration.rpcLog),
                        ConcurrentCallLimitInterceptor(
                            maximum: configuration.maximumConcurrentPublicCalls, key: { _ in "public" },
                            refusal: { _, maximum in
                                "the public listener is answering \(maximum) calls already: retry in a moment"
                            }),
                        DatabaseGateInterceptor(database: database, exempt: databaseFree),
                        MessageLimitsInterceptor(),
                    ])

            var services: [(name: String, service: any Service)] = [
                ("database probe", DatabaseProbe(database: database, connection: probeConnection, logger: logger))
            ]
            if components.followsGlobalConfiguration, let central = configuration.centralAddress {
                services.append(
                    (
                        "global configuration follower",
                        GlobalConfigurationFollower(
                            central: central, certificatePath: configuration.tlsCertificatePath,
                            keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                            anchor: anchor, store: globalConfiguration, logger: logger)
                    ))
            }
            services += components.backgroundServices.map { (String(describing: type(of: $0)), $0) }
            let health = self.health
            services += [
                ("readiness monitor", ReadinessMonitor(board: health, store: globalConfiguration, database: database)),
                ("certificate expiry gauge", CertificateExpiryGauge(expiry: configuration.tlsCertificateExpiry)),
                ("gRPC server", GRPCServerService(server: grpcServer, onShutdown: components.onShutdown)),
                ("health server", GRPCServerService(server: healthServer)),
                ("metrics endpoint", metrics),
            ]
            if let publicServer { services.append(("public gRPC server", GRPCServerService(server: publicServer))) }
            var groupConfiguration = ServiceGroupConfiguration(
                services: services.map { .init(service: running.tracking($0.service, as: $0.name)) }, logger: logger)
            if handleSignals { groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint] }
            groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
            let serviceGroup = ServiceGroup(configuration: groupConfiguration)
            group.withLock { $0 = serviceGroup }
            if stopRequested.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }

            tasks.addTask {
                do {
                    let grpcAddress = try await grpcServer.listeningAddress
                    let healthAddress = try await healthServer.listeningAddress
                    var metricsAddress = configuration.metricsAddress
                    for await address in metrics.boundAddresses { metricsAddress = address }
                    let addresses = BoundAddresses(
                        grpc: HostAndPort(host: configuration.grpcAddress.host, port: grpcAddress?.port ?? 0),
                        health: HostAndPort(host: configuration.healthAddress.host, port: healthAddress?.port ?? 0),
                        metrics: metricsAddress,
                        public: try await publicServer?.listeningAddress.map {
                            HostAndPort(host: configuration.publicAddress.host, port: $0.port ?? 0)
                        })
                    logger.info(
                        "service started",
                        metadata: [
                            "grpc": "\(addresses.grpc)", "health": "\(addresses.health)",
                            "metrics": "\(addresses.metrics)",
                        ])
                    self.bound.set(.success(addresses))
                } catch {
                    // A listener stopped before listening (its port taken, say): the group ends with that reason,
                    // which run() hands to addresses() — more use to the reader than "no listening address".
                }
            }
            try await runBounded(serviceGroup)
            logger.info("service stopped")
        }
    }
}

/// The answer of ``ServiceHost/addresses()`` when the host stopped without an error before it listened (it only
/// migrated, or it was shut down while starting).
public struct StoppedBeforeListening: Error, CustomStringConvertible {
    /// The service.
    public let service: String

    public var description: String { "\(service) stopped before it listened" }
}

extension Optional {
    func orThrow(_ message: String) throws(SettingsError) -> Wrapped {
        guard let self else { throw SettingsError(message) }
        return self
    }
}

extension GRPCNIOTransportCore.SocketAddress {
    var port: Int? {
        if let ipv4 { return ipv4.port }
        if let ipv6 { return ipv6.port }
        return nil
    }
}
