import SwiftProtobuf
public import VDXPRuntime
import VDXPStore

/// Exchange: sending, receiving and following signed documents (Art. 13–15), the system of record whose journal
/// feeds Search, Report and Monitoring.
///
/// Service-specific settings: `VDXP_EXCHANGE_MAX_DOCUMENT_BYTES` (most attachment bytes per document, default
/// 268435456 = 256 MiB), `VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS` (leases without acknowledgement before a delivery
/// fails, default 5), `VDXP_EXCHANGE_FAILURE_CHECK_SECONDS` (default 5), and the business calendar of timeliness:
/// `VDXP_PUBLIC_HOLIDAYS` and `VDXP_EXTRA_WORKING_DAYS` (dates `yyyy-MM-dd`, comma-separated).
public enum ExchangeService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.exchange.v1.ExchangeService"

    /// The service definition run by `ServiceHost`.
    public static let definition = ServiceDefinition(
        name: "exchange",
        migrations: ExchangeMigrations.all,
        healthServiceNames: [grpcServiceName]
    ) { environment in
        let limits = try ExchangeLimits(settings: environment.configuration.settings)
        let hub = NotificationHub(
            client: environment.database, channels: ExchangeChannels.all, logger: environment.logger)
        let repository = ExchangeRepository(database: environment.database, logger: environment.logger)
        let journal = JournalWriter(logger: environment.logger)
        let handlers = ExchangeHandlers(
            database: environment.database,
            repository: repository,
            journal: journal,
            lifecycle: DocumentLifecycle(repository: repository, journal: journal, logger: environment.logger),
            hub: hub,
            store: environment.globalConfiguration,
            limits: limits,
            logger: environment.logger)
        let sealer = JournalSealer(database: environment.database, hub: hub, logger: environment.logger)
        return ServiceComponents(
            rpcServices: [handlers],
            accessRules: ExchangeAccessRules.byMethod,
            backgroundServices: [
                hub, sealer, DeliveryBacklogGauge(database: environment.database, logger: environment.logger),
                DeliveryFailureSweeper(
                    database: environment.database, journal: journal, maximumAttempts: limits.maximumDeliveryAttempts,
                    interval: limits.failureCheckInterval, logger: environment.logger),
            ],
            followsGlobalConfiguration: true,
            onShutdown: { hub.closeSubscriptions() })
    }
}
