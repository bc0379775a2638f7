public import GRPCCore
public import Logging
import PostgresNIO
public import ServiceLifecycle
public import VDXPStore
public import X509

/// What a VDXP service is made of; the shared `ServiceHost` does the rest (listeners, TLS, identity, health,
/// metrics, logging, migrations, shutdown).
public struct ServiceDefinition: Sendable {
    /// Short name: central, exchange, monitoring, ticket, report or search.
    public let name: String
    /// The service's schema migrations (its schema is named after the service).
    public let migrations: [Migration]
    /// Fully-qualified gRPC service names reported by the health service, e.g. `vdxp.exchange.v1.ExchangeService`.
    public let healthServiceNames: [String]
    /// Reads the service's own settings (`VDXP_EXCHANGE_*`, …) and throws ``SettingsError`` for any out of bounds:
    /// run before the database is reached — also by a `VDXP_MIGRATE_ONLY` run, so that a migration job fails on a
    /// configuration its service would not start with, before it changes the schema.
    public let checkSettings: @Sendable (ServiceConfiguration) throws -> Void
    /// Builds the service's RPC handlers and background jobs once the database is migrated.
    public let build: @Sendable (ServiceEnvironment) async throws -> ServiceComponents

    /// Creates a definition.
    public init(
        name: String, migrations: [Migration], healthServiceNames: [String],
        checkSettings: @escaping @Sendable (ServiceConfiguration) throws -> Void = { _ in },
        build: @escaping @Sendable (ServiceEnvironment) async throws -> ServiceComponents
    ) {
        self.name = name
        self.migrations = migrations
        self.healthServiceNames = healthServiceNames
        self.checkSettings = checkSettings
        self.build = build
    }
}

/// What a service's builder receives.
public struct ServiceEnvironment: Sendable {
    /// The service's settings.
    public let configuration: ServiceConfiguration
    /// The database pool (running).
    public let database: Database
    /// The service's logger.
    public let logger: Logger
    /// The global configuration held by this process.
    public let globalConfiguration: GlobalConfigurationStore
    /// The platform CA certificates (`VDXP_PLATFORM_CA`: one, or the old and the new one side by side during a
    /// rotation, docs/operations.md §5.1).
    public let platformCAs: [Certificate]
    /// The configuration signing certificate (anchor).
    public let configurationAnchor: Certificate
}

/// What a service contributes to its host.
public struct ServiceComponents: Sendable {
    /// The gRPC services served on the mTLS listener.
    public var rpcServices: [any RegistrableRPCService]
    /// One access rule per RPC, keyed by the generated method descriptor
    /// (`Vdxp_Exchange_V1_ExchangeService.Method.SendDocument.descriptor`).
    public var accessRules: [MethodDescriptor: AccessRule]
    /// Read-only gRPC services open to anyone, served on the public listener (TLS, no client certificate). When
    /// empty, no public listener is opened.
    public var publicServices: [any RegistrableRPCService]
    /// Long-running jobs (they stop at graceful shutdown).
    public var backgroundServices: [any Service]
    /// Whether the host should follow Central's global configuration (every service but Central).
    public var followsGlobalConfiguration: Bool
    /// Called when graceful shutdown begins: end open streams here.
    public var onShutdown: @Sendable () -> Void
    /// The methods served without the database (e.g. a stream served from memory): the database gate
    /// lets them through during an outage. Every other method is answered UNAVAILABLE while PostgreSQL is unreachable.
    public var databaseFreeMethods: Set<MethodDescriptor>
    /// The long-lived streams a member may hold only so many of at once (`VDXP_MAX_OPEN_STREAMS_PER_MEMBER`, all of
    /// them together, per replica): each holds a task, a subscription and a database poll while it is open.
    public var memberStreams: Set<MethodDescriptor>

    /// Creates the components.
    public init(
        rpcServices: [any RegistrableRPCService] = [],
        accessRules: [MethodDescriptor: AccessRule] = [:],
        publicServices: [any RegistrableRPCService] = [],
        backgroundServices: [any Service] = [],
        followsGlobalConfiguration: Bool = true,
        onShutdown: @escaping @Sendable () -> Void = {},
        databaseFreeMethods: Set<MethodDescriptor> = [],
        memberStreams: Set<MethodDescriptor> = []
    ) {
        self.databaseFreeMethods = databaseFreeMethods
        self.memberStreams = memberStreams
        self.rpcServices = rpcServices
        self.accessRules = accessRules
        self.publicServices = publicServices
        self.backgroundServices = backgroundServices
        self.followsGlobalConfiguration = followsGlobalConfiguration
        self.onShutdown = onShutdown
    }
}
