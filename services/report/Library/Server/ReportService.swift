import Foundation
import Logging
import ServiceLifecycle
import VDXPProto
public import VDXPRuntime
import VDXPStore

/// Report: the platform's statistics for dashboards and the quarterly report to the Government (QĐ 28 Art. 11.1;
/// Art. 4.1.g, 14.3, 15.1, 21.2–21.3).
///
/// It follows Exchange's journal (`VDXP_EXCHANGE_ADDRESS`) into daily rollups in its `report` schema, with the
/// cursor advanced in the same transaction (``JournalFollower``), and answers from `VDXP_READ_DATABASE_URL` (the
/// primary when unset). It reads Monitoring's connection history and Ticket's SLA figures through their APIs into
/// the same schema (``OperationSourcePoller``). Its own settings are read by ``ReportSettings``.
public enum ReportService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.report.v1.ReportService"

    /// The service definition run by `ServiceHost`.
    public static let definition = ServiceDefinition(
        name: "report",
        migrations: ReportMigrations.all,
        healthServiceNames: [grpcServiceName],
        checkSettings: { _ = try ReportSettings(settings: $0.settings) }
    ) { environment in
        let configuration = environment.configuration
        let settings = try ReportSettings(settings: configuration.settings)
        let database = environment.database
        let logger = environment.logger
        var jobs: [any Service] = []
        let reads: Database
        if configuration.readDatabaseURL == configuration.databaseURL {
            reads = database
        } else {
            reads = Database(
                configuration: configuration.readDatabaseURL.clientConfiguration(
                    maximumConnections: configuration.databaseMaximumConnections),
                logger: logger)
            jobs.append(
                ReadDatabase(
                    database: reads, probe: try configuration.readDatabaseURL.connectionConfiguration(),
                    logger: logger))
        }
        let cursor = JournalCursorStore(database: database, table: .report, logger: logger)
        let globalConfiguration = environment.globalConfiguration
        let applier = JournalApplier(
            database: database, cursor: cursor, projection: ProjectionStore(database: database, logger: logger),
            calendar: { globalConfiguration.snapshot?.calendar }, logger: logger)
        if let exchange = settings.exchangeAddress {
            jobs.append(
                JournalFollower(
                    exchange: exchange, certificatePath: configuration.tlsCertificatePath,
                    keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                    applier: applier, logger: logger))
        } else {
            logger.warning("VDXP_EXCHANGE_ADDRESS is not set: the figures stay as they are until it is")
        }
        if settings.monitoringAddress != nil || settings.ticketAddress != nil {
            jobs.append(
                OperationSourcePoller(
                    monitoring: settings.monitoringAddress, ticket: settings.ticketAddress,
                    certificatePath: configuration.tlsCertificatePath, keyPath: configuration.tlsKeyPath,
                    platformCAPath: configuration.platformCAPath,
                    store: OperationSourceStore(database: database, logger: logger),
                    interval: settings.sourcesInterval, logger: logger))
        }
        let handlers = ReportHandlers(
            figures: FigureStore(database: reads, logger: logger),
            cursor: JournalCursorStore(database: reads, table: .report, logger: logger), applier: applier,
            operations: OperationSourceStore(database: reads, logger: logger),
            sources: OperationSources(
                monitoring: settings.monitoringAddress != nil, ticket: settings.ticketAddress != nil,
                interval: settings.sourcesInterval),
            globalConfiguration: environment.globalConfiguration, logger: logger)
        return ServiceComponents(
            rpcServices: [handlers],
            accessRules: ReportAccessRules.byMethod,
            backgroundServices: jobs,
            followsGlobalConfiguration: true)
    }
}
