import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
public import VDXPRuntime
import VDXPStore

/// Monitoring: the connection state of every member's system (Art. 4.1.g, 9.2), the alerts it raises and their
/// delivery by e-mail, SMS and the member's in-platform inbox (Art. 19), through a durable outbox.
///
/// It follows Exchange's journal (`VDXP_EXCHANGE_ADDRESS`) and Central's global configuration; service-specific
/// settings are read by `MonitoringSettings` (`VDXP_MONITORING_*`), whose initializer lists defaults and bounds.
public enum MonitoringService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.monitoring.v1.MonitoringService"

    /// The service definition run by `ServiceHost`, on the system clock, with the channels the settings configure.
    public static let definition = definition(clock: .system)

    /// The service definition, reading the time from `clock` wherever a rule depends on it (silence thresholds,
    /// notification retries and repeats), and delivering through `channels` (nil: the channels the settings
    /// configure).
    public static func definition(clock: WallClock, channels: MonitoringChannels? = nil) -> ServiceDefinition {
        ServiceDefinition(
            name: "monitoring",
            migrations: MonitoringMigrations.all,
            healthServiceNames: [grpcServiceName],
            checkSettings: {
                _ = try MonitoringSettings(settings: $0.settings)
                // The channels are set up only without injected ones (tests): their settings are read the same way.
                if channels == nil { _ = try ChannelSettings($0.settings) }
            }
        ) { environment in
            let configuration = environment.configuration
            let settings = try MonitoringSettings(settings: configuration.settings)
            let database = environment.database
            let logger = environment.logger
            let hub = NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger)
            let members = MemberConnectionStore(database: database, logger: logger)
            let changes = ConnectionChangeStore(database: database, logger: logger)
            let alerts = AlertStore(database: database, logger: logger)
            let notifications = NotificationStore(database: database, logger: logger)
            let components = ComponentStore(database: database, logger: logger)
            let incidents = IncidentStore(database: database, logger: logger)
            let statistics = OperationStatisticsStore(database: database, logger: logger)
            let incidentTickets = IncidentTicketStore(database: database, logger: logger)
            // Blind until the journal follower has caught up: no one's silence counts before Monitoring can see it —
            // from the last time any replica followed the journal, so that a time in which none ran is not silence.
            var watch: JournalWatch? = nil
            if settings.exchangeAddress != nil {
                let now = clock.now()
                let watchedUntil = try await JournalWatchStore(database: database, logger: logger).watchedUntil()
                watch = JournalWatch(blindSince: min(watchedUntil ?? now, now))
            }
            let tracker = ConnectionTracker(
                database: database, members: members, changes: changes, alerts: alerts,
                configuration: environment.globalConfiguration, rule: settings.connectionRule, clock: clock,
                logger: logger, watch: watch)
            let channels =
                try channels
                ?? MonitoringChannels.configured(
                    by: configuration.settings, clock: clock, logger: logger)
            try channels.checkLease(settings.outboxLease)
            var jobs: [any Service] = [
                hub,
                ConnectionEvaluator(tracker: tracker, interval: settings.evaluateInterval, logger: logger),
                NotificationDispatcher(
                    database: database, notifications: notifications, alerts: alerts, channels: channels,
                    policy: settings.retry, lease: settings.outboxLease, hub: hub, interval: settings.dispatchInterval,
                    clock: clock, logger: logger),
                AlertRetention(alerts: alerts, retention: settings.alertRetention, clock: clock, logger: logger),
                SentRecordRetention(
                    database: database,
                    cursor: JournalCursorStore(database: database, table: .monitoring, logger: logger),
                    documents: SentDocumentStore(database: database, logger: logger),
                    deliveries: DeliveryTimesStore(database: database, logger: logger),
                    retention: settings.documentRetention, clock: clock, logger: logger),
                OutboxBacklogGauge(
                    notifications: notifications, metrics: OutboxMetrics(), interval: settings.metricsInterval,
                    clock: clock, logger: logger),
            ]
            jobs.append(
                NotificationDeadlineWatch(
                    alerts: alerts, database: database, interval: settings.evaluateInterval, clock: clock,
                    logger: logger))
            jobs.append(
                StatisticsMetricsPublisher(
                    statistics: statistics, memberLimit: settings.metricsMemberLimit,
                    interval: settings.metricsInterval, clock: clock, logger: logger))
            jobs.append(
                ComponentProber(
                    targets: settings.components,
                    databaseTarget: "\(configuration.databaseURL.host):\(configuration.databaseURL.port)",
                    database: database, components: components, incidents: incidents, alerts: alerts,
                    ticketing: settings.ticketAddress == nil
                        ? nil
                        : IncidentTicketing(
                            tickets: incidentTickets, organisationID: settings.incidentTicketOrganisationID),
                    rule: ComponentRule(failuresBeforeIncident: settings.incidentAfterFailures),
                    outageNotice: settings.outageNotice,
                    interval: settings.probeInterval, timeout: settings.probeTimeout, clock: clock, logger: logger))
            jobs.append(
                ServiceRegistryFollower(
                    database: database, registry: RegistryServiceStore(database: database, logger: logger),
                    alerts: alerts, configuration: environment.globalConfiguration,
                    interval: settings.evaluateInterval, clock: clock, logger: logger))
            if let central = configuration.centralAddress {
                jobs.append(
                    CentralOutboxFollower(
                        central: central, certificatePath: configuration.tlsCertificatePath,
                        keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                        database: database, notifications: notifications, alerts: alerts, policy: settings.retry,
                        interval: settings.dispatchInterval, clock: clock, logger: logger))
                let contacts = RememberedMemberContacts(
                    central: CentralMemberContacts(
                        central: central, certificatePath: configuration.tlsCertificatePath,
                        keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath),
                    store: MemberContactStore(database: database, logger: logger), clock: { clock.now() },
                    logger: logger)
                jobs.append(
                    MemberContactRefresher(
                        contacts: contacts, configuration: environment.globalConfiguration, logger: logger))
                jobs.append(
                    AlertNotifier(
                        database: database, alerts: alerts, notifications: notifications, contacts: contacts,
                        configuration: environment.globalConfiguration,
                        operatorGroup: OperatorGroup(emails: settings.operatorEmails, phones: settings.operatorPhones),
                        policy: settings.retry, repeatEvery: settings.notifyRepeat,
                        interval: settings.dispatchInterval, clock: clock, logger: logger))
            }
            if let ticket = settings.ticketAddress {
                jobs.append(
                    IncidentTicketDispatcher(
                        ticket: ticket, certificatePath: configuration.tlsCertificatePath,
                        keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                        database: database, tickets: incidentTickets, policy: settings.retry,
                        interval: settings.dispatchInterval, clock: clock, logger: logger))
            } else {
                logger.warning("VDXP_TICKET_ADDRESS is not set: component incidents open no support ticket")
            }
            if let exchange = settings.exchangeAddress, let watch {
                jobs.append(
                    JournalFollower(
                        exchange: exchange, certificatePath: configuration.tlsCertificatePath,
                        keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                        database: database,
                        cursor: JournalCursorStore(database: database, table: .monitoring, logger: logger),
                        documents: SentDocumentStore(database: database, logger: logger),
                        deliveries: DeliveryTimesStore(database: database, logger: logger),
                        tracker: tracker,
                        failures: FailedDeliveryAlerts(
                            alerts: alerts, configuration: environment.globalConfiguration, clock: clock,
                            logger: logger),
                        statistics: OperationStatisticsRecorder(statistics: statistics),
                        watch: watch, clock: clock, logger: logger))
            } else {
                logger.warning(
                    "VDXP_EXCHANGE_ADDRESS is not set: members' activity is only their heartbeats until it is")
            }
            let handlers = MonitoringHandlers(
                database: database, members: members, changes: changes, alerts: alerts,
                notifications: notifications, components: components, incidents: incidents, statistics: statistics,
                tracker: tracker, hub: hub,
                configuration: environment.globalConfiguration, settings: settings, clock: clock, logger: logger)
            return ServiceComponents(
                rpcServices: [handlers],
                accessRules: MonitoringAccessRules.byMethod,
                backgroundServices: jobs,
                followsGlobalConfiguration: true,
                onShutdown: { hub.closeSubscriptions() },
                memberStreams: [Vdxp_Monitoring_V1_MonitoringService.Method.WatchAlerts.descriptor])
        }
    }
}
