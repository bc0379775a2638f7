import Foundation
import SwiftProtobuf
import VDXPProto
public import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Exchange: sending, receiving and following signed documents (Art. 13–15), the system of record whose journal
/// feeds Search, Report and Monitoring.
///
/// Service-specific settings are read by `ExchangeSettings` (`VDXP_EXCHANGE_MAX_DOCUMENT_BYTES`,
/// `VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS`, `VDXP_EXCHANGE_FAILURE_CHECK_SECONDS`,
/// `VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES`, `VDXP_EXCHANGE_WORKING_DAY_END`, `VDXP_EXCHANGE_UNSEALED_DOCUMENTS`,
/// the commit groups' `VDXP_EXCHANGE_COMMIT_GROUP_*`, `VDXP_EXCHANGE_CHAIN_CACHE_SIZE`, and the limits of large
/// sends `VDXP_EXCHANGE_STREAMED_SENDS` and `VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`);
/// its initializer lists defaults and bounds. The business calendar of timeliness and deadlines is Central's, from
/// the signed global configuration.
public enum ExchangeService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.exchange.v1.ExchangeService"

    /// The service definition run by `ServiceHost`, reading the time from the system clock.
    public static let definition = definition(clock: .system)

    /// The service definition run by `ServiceHost`, reading the current time from `clock` wherever a rule depends
    /// on it (signing-time checks, status times, event times, acknowledgement deadlines and their failures).
    public static func definition(clock: WallClock) -> ServiceDefinition {
        ServiceDefinition(
            name: "exchange",
            migrations: ExchangeMigrations.all,
            healthServiceNames: [grpcServiceName],
            checkSettings: {
                _ = try ExchangeSettings(settings: $0.settings, databaseConnections: $0.databaseMaximumConnections)
            }
        ) { environment in
            let settings = try ExchangeSettings(
                settings: environment.configuration.settings,
                databaseConnections: environment.configuration.databaseMaximumConnections)
            let database = environment.database
            let logger = environment.logger
            let hub = NotificationHub(client: database, channels: ExchangeChannels.all, logger: logger)
            let documents = DocumentStore(database: database, logger: logger)
            let deliveries = DeliveryStore(database: database, logger: logger)
            let statusHistory = StatusHistoryStore(database: database, logger: logger)
            let retractRequests = RetractRequestStore(database: database, logger: logger)
            let journal = JournalStore(database: database, logger: logger)
            let journalSeals = JournalSealStore(database: database, logger: logger)
            let sealKey = try PEM.loadSigningKey(pemFile: environment.configuration.tlsKeyPath)
            let sealChain = try PEM.loadCertificateChain(pemFile: environment.configuration.tlsCertificatePath).map {
                Data($0.derEncodedBytes)
            }
            let activity = try MemberActivityReporter.configured(by: environment.configuration, logger: logger)
            var handlers = ExchangeHandlers(
                database: database,
                documents: documents,
                deliveries: deliveries,
                statusHistory: statusHistory,
                retractRequests: retractRequests,
                journal: journal,
                journalSeals: journalSeals,
                views: DocumentViews(
                    documents: documents, deliveries: deliveries, statusHistory: statusHistory,
                    retractRequests: retractRequests),
                lifecycle: DocumentLifecycle(
                    documents: documents, deliveries: deliveries, journal: journal, logger: logger),
                hub: hub,
                store: environment.globalConfiguration,
                settings: settings,
                clock: clock,
                logger: logger,
                streamedSends: StreamedSendSlots(limit: settings.streamedSendsAtOnce),
                chains: VerifiedChainCache(capacity: settings.chainCacheCapacity),
                sends: settings.commitGroupMaximumDocuments == 0
                    ? nil
                    : SendCommitter(
                        database: database, documents: documents, deliveries: deliveries, journal: journal,
                        settings: settings, logger: logger),
                acknowledgements: settings.commitGroupMaximumDocuments == 0
                    ? nil
                    : AcknowledgementCommitter(
                        database: database, documents: documents, deliveries: deliveries,
                        statusHistory: statusHistory, journal: journal, settings: settings, logger: logger))
            if settings.commitGroupMaximumDocuments > 0 {
                handlers.statusChanges = StatusCommitter(
                    database: database, writer: handlers.statusChangeWriter, settings: settings, logger: logger)
            }
            handlers.activity = activity
            return ServiceComponents(
                rpcServices: [handlers],
                accessRules: ExchangeAccessRules.byMethod,
                backgroundServices: [
                    hub,
                    JournalChainer(database: database, journal: journal, hub: hub, logger: logger),
                    JournalSealSigner(
                        database: database, journal: journal, seals: journalSeals, key: sealKey,
                        certificateChain: sealChain, interval: settings.journalSealInterval, clock: clock,
                        logger: logger),
                    DeliveryBacklogGauge(deliveries: deliveries, clock: clock, logger: logger),
                    DeliveryFailureSweeper(
                        database: database, deliveries: deliveries, journal: journal,
                        configuration: environment.globalConfiguration,
                        maximumAttempts: settings.maximumDeliveryAttempts, interval: settings.failureCheckInterval,
                        clock: clock, logger: logger),
                ] + (activity.map { [$0] } ?? []),
                followsGlobalConfiguration: true,
                onShutdown: { hub.closeSubscriptions() },
                memberStreams: [
                    Vdxp_Exchange_V1_ExchangeService.Method.SubscribeInbox.descriptor,
                    Vdxp_Exchange_V1_ExchangeService.Method.WatchDocumentStatus.descriptor,
                    Vdxp_Exchange_V1_ExchangeService.Method.DownloadAttachment.descriptor,
                ])
        }
    }
}
