public import Foundation
public import Logging
public import VDXPStore

/// The settings every VDXP service shares (see docs/design.md for the table of variables and defaults).
public struct ServiceConfiguration: Sendable {
    /// The service's short name: central, exchange, monitoring, ticket, report or search.
    public var name: String
    /// The mTLS gRPC listener.
    public var grpcAddress: HostAndPort
    /// The plaintext `grpc.health.v1` listener.
    public var healthAddress: HostAndPort
    /// The plaintext Prometheus listener (`GET /metrics`).
    public var metricsAddress: HostAndPort
    /// The public listener (TLS with the service certificate, no client certificate), for services that declare
    /// public RPCs (Central's directory): `VDXP_PUBLIC_ADDRESS`, default port 7x03.
    public var publicAddress: HostAndPort
    /// The database.
    public var databaseURL: DatabaseURL
    /// The database to read from where a stale-by-a-moment answer is fine (a replica, through a read-only pooler):
    /// `VDXP_READ_DATABASE_URL`, or the primary when it is not set. For Search's and Report's read models.
    public var readDatabaseURL: DatabaseURL
    /// Most pooled connections this replica opens.
    public var databaseMaximumConnections: Int
    /// PEM file with this service's certificate chain.
    public var tlsCertificatePath: String
    /// PEM file with this service's private key.
    public var tlsKeyPath: String
    /// When the certificate of `tlsCertificatePath` expires (checked valid, with its key, at start-up).
    public var tlsCertificateExpiry: Date
    /// PEM file with the platform CA (issuer of service and operator certificates).
    public var platformCAPath: String
    /// PEM file with the configuration signing certificate (the anchor of the global configuration).
    public var configurationAnchorPath: String
    /// Central's gRPC address; nil for Central itself.
    public var centralAddress: HostAndPort?
    /// Log level.
    public var logLevel: Logger.Level
    /// Which RPCs get a log line at info (`VDXP_RPC_LOG`, default `all`).
    public var rpcLog: ObservabilityInterceptor.RPCLog
    /// How long open RPCs may finish after SIGTERM before they are cut.
    public var shutdownGrace: Duration
    /// SwiftNIO event loop threads for the process's listeners and database connections (`VDXP_EVENT_LOOPS`, 1 to
    /// 64); `nil`: one per core the process may use (SwiftNIO reads the container's CPU quota).
    public var eventLoops: Int?
    /// Apply migrations and exit (`VDXP_MIGRATE_ONLY=true`), e.g. from a Kubernetes Job before a rollout.
    public var migrateOnly: Bool
    /// The most long-lived streams one member may hold open at once on a replica (`VDXP_MAX_OPEN_STREAMS_PER_MEMBER`).
    public var maximumOpenStreamsPerMember: Int
    /// The most calls one member may have in progress at once on a replica, of every method, streams included
    /// (`VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER`).
    public var maximumConcurrentCallsPerMember: Int
    /// The most calls the public listener serves at once, all callers together (`VDXP_PUBLIC_MAX_CONCURRENT_CALLS`).
    public var maximumConcurrentPublicCalls: Int
    /// The most connections each TLS listener (gRPC, public) holds open at once (`VDXP_MAX_CONNECTIONS`).
    public var maximumConnections: Int
    /// The most connections each TLS listener holds open at once from one client IP address
    /// (`VDXP_MAX_CONNECTIONS_PER_ADDRESS`).
    public var maximumConnectionsPerAddress: Int
    /// Every setting, for the service's own variables.
    public var settings: Settings

    /// The default ports of each service: gRPC, health, metrics.
    public static let defaultPorts: [String: (grpc: Int, health: Int, metrics: Int)] = [
        "central": (7100, 7101, 7102),
        "exchange": (7200, 7201, 7202),
        "monitoring": (7300, 7301, 7302),
        "ticket": (7400, 7401, 7402),
        "report": (7500, 7501, 7502),
        "search": (7600, 7601, 7602),
    ]

    /// Reads the configuration of service `name` from `settings`.
    public init(service name: String, settings: Settings) throws {
        guard let ports = Self.defaultPorts[name] else { preconditionFailure("unknown service \(name)") }
        self.name = name
        self.settings = settings
        grpcAddress = try settings.address("GRPC_ADDRESS", default: "0.0.0.0:\(ports.grpc)")
        healthAddress = try settings.address("HEALTH_ADDRESS", default: "0.0.0.0:\(ports.health)")
        metricsAddress = try settings.address("METRICS_ADDRESS", default: "0.0.0.0:\(ports.metrics)")
        publicAddress = try settings.address("PUBLIC_ADDRESS", default: "0.0.0.0:\(ports.metrics + 1)")
        for (variable, address) in [
            ("GRPC_ADDRESS", grpcAddress), ("HEALTH_ADDRESS", healthAddress), ("METRICS_ADDRESS", metricsAddress),
            ("PUBLIC_ADDRESS", publicAddress),
        ] where !address.isBindable {
            throw SettingsError(
                "VDXP_\(variable)=\(address) names a host, and a listener binds an address: write 0.0.0.0:\(address.port) "
                    + "(every interface), 127.0.0.1:\(address.port) or [::]:\(address.port)")
        }
        databaseURL = try DatabaseURL(try settings.required("DATABASE_URL", "the PostgreSQL URL"))
        // Each service's connections say whose they are in pg_stat_activity (and in `vdxp bench send`'s figures).
        databaseURL.applicationName = databaseURL.applicationName ?? "vdxp-\(name)"
        readDatabaseURL =
            try settings.optional("READ_DATABASE_URL").map {
                try DatabaseURL($0, variable: "VDXP_READ_DATABASE_URL")
            } ?? databaseURL
        readDatabaseURL.applicationName = readDatabaseURL.applicationName ?? "vdxp-\(name)"
        databaseMaximumConnections = try settings.integer("DATABASE_MAX_CONNECTIONS", default: 20, in: 2...500)
        tlsCertificatePath = try settings.required("TLS_CERTIFICATE", "the PEM file of this service's certificate")
        tlsKeyPath = try settings.required("TLS_KEY", "the PEM file of this service's private key")
        platformCAPath = try settings.required("PLATFORM_CA", "the PEM file of the platform CA")
        configurationAnchorPath = try settings.required(
            "CONFIGURATION_ANCHOR", "the PEM file of the global configuration signing certificate")
        if name == "central" {
            centralAddress = nil
        } else {
            centralAddress = try settings.address("CENTRAL_ADDRESS", default: "127.0.0.1:7100")
        }
        let level = settings.string("LOG_LEVEL", default: "info")
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw SettingsError(
                "VDXP_LOG_LEVEL=\(level) is not valid: use trace, debug, info, notice, warning, error or critical")
        }
        self.logLevel = logLevel
        let rpcLog = settings.string("RPC_LOG", default: "all")
        guard let parsedRPCLog = ObservabilityInterceptor.RPCLog(rawValue: rpcLog) else {
            throw SettingsError(
                "VDXP_RPC_LOG=\(rpcLog) is not valid: use all (a line for every RPC) or failures (only RPCs that did "
                    + "not end OK)")
        }
        self.rpcLog = parsedRPCLog
        shutdownGrace = .seconds(try settings.integer("SHUTDOWN_GRACE_SECONDS", default: 20, in: 1...600))
        migrateOnly = try settings.bool("MIGRATE_ONLY", default: false)
        maximumOpenStreamsPerMember = try settings.integer("MAX_OPEN_STREAMS_PER_MEMBER", default: 64, in: 1...10_000)
        maximumConcurrentCallsPerMember = try settings.integer(
            "MAX_CONCURRENT_CALLS_PER_MEMBER", default: 256, in: 1...100_000)
        maximumConcurrentPublicCalls = try settings.integer("PUBLIC_MAX_CONCURRENT_CALLS", default: 8, in: 1...1_000)
        maximumConnections = try settings.integer(
            "MAX_CONNECTIONS", default: TransportFactory.defaultMaximumConnections, in: 1...1_000_000)
        maximumConnectionsPerAddress = try settings.integer(
            "MAX_CONNECTIONS_PER_ADDRESS", default: TransportFactory.defaultMaximumConnectionsPerAddress,
            in: 1...1_000_000)
        eventLoops = try settings.optional("EVENT_LOOPS").map { _ in
            try settings.integer("EVENT_LOOPS", default: 0, in: 1...64)
        }
        for path in [tlsCertificatePath, tlsKeyPath, platformCAPath, configurationAnchorPath]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw SettingsError(
                "cannot read \(path): check the VDXP_TLS_* / VDXP_PLATFORM_CA / VDXP_CONFIGURATION_ANCHOR paths")
        }
        tlsCertificateExpiry = try ServiceIdentityCheck.expiry(certificatePath: tlsCertificatePath, keyPath: tlsKeyPath)
    }
}
