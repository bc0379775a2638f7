import Foundation
import GRPCCore
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
public import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// Central: the registry of members, certificates and trusted authorities, and the publisher of the signed global
/// configuration (Art. 6–10, 17). Its own settings are read by `CentralSettings`.
public enum CentralService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.central.v1.CentralService"

    /// The service definition run by `ServiceHost`, on the system clock.
    public static let definition = definition(clock: .system)

    /// The service definition on `clock` (tests inject a `ManualClock` to cover rules measured in weeks and months).
    public static func definition(clock: WallClock) -> ServiceDefinition {
        ServiceDefinition(
            name: "central",
            migrations: CentralMigrations.all,
            healthServiceNames: [grpcServiceName],
            checkSettings: { _ = try CentralSettings($0.settings) }
        ) { environment in
            try await components(environment, clock: clock)
        }
    }

    private static func components(_ environment: ServiceEnvironment, clock: WallClock) async throws
        -> ServiceComponents
    {
        let settings = try CentralSettings(environment.configuration.settings)
        let signingKey = try PEM.loadSigningKey(pemFile: settings.configurationSigningKeyPath)
        guard signingKey.publicKey == environment.configurationAnchor.publicKey else {
            throw SettingsError(
                "VDXP_CONFIGURATION_SIGNING_KEY does not match the certificate in VDXP_CONFIGURATION_ANCHOR: "
                    + "every service would refuse the configuration")
        }
        let logger = environment.logger
        let stores = CentralStores(database: environment.database, clock: clock, logger: logger)
        let hub = NotificationHub(
            client: environment.database, channels: [ConfigurationStore.changeChannel], logger: logger)
        let broadcaster = Broadcaster<Vdxp_Central_V1_SignedGlobalConfiguration>(buffering: 4)
        let publisher = ConfigurationPublisher(
            stored: stores.configuration, signingKey: signingKey,
            signerCertificateDER: Array(environment.configurationAnchor.derEncodedBytes),
            validity: settings.configurationValidity, store: environment.globalConfiguration,
            broadcaster: broadcaster, hub: hub, clock: clock, calendar: settings.calendar,
            tetDaysBefore: settings.holidayRules.daysBeforeTet, logger: logger)
        try await publisher.refresh()
        let context = CentralContext(
            stores: stores, publisher: publisher, signingKey: signingKey, clock: clock, realTime: .system,
            calendar: settings.calendar, logger: logger)
        let passwordWorkers = PasswordWorkers()
        var accessRules = CentralAccessRules.byMethod
        accessRules.merge(ServiceRegistryAccessRules.byMethod) { $1 }
        accessRules.merge(AccountAccessRules.byMethod) { $1 }
        return ServiceComponents(
            rpcServices: [
                CentralHandlers(context: context, broadcaster: broadcaster, store: environment.globalConfiguration),
                ServiceRegistryHandlers(context: context),
                AccountHandlers(
                    stores: stores,
                    issuer: AccountTokenIssuer(signingKey: signingKey, lifetime: settings.accountTokenLifetime),
                    hasher: PasswordHasher(parameters: PasswordHasher.standardParameters, workers: passwordWorkers),
                    throttle: .standard, clock: clock, logger: logger),
            ],
            accessRules: accessRules,
            publicServices: [PublicDirectoryHandlers(members: stores.members)],
            backgroundServices: [
                hub, publisher, passwordWorkers,
                AccountInactivitySweeper(
                    database: environment.database, clock: clock, interval: settings.accountInactivityCheckInterval,
                    logger: logger),
                RevocationListRefresher(context: context, interval: settings.revocationListRefreshInterval),
                CertificateExpiryNotifier(
                    database: environment.database, members: stores.members, outbox: stores.outbox, clock: clock,
                    warningDays: settings.certificateExpiryWarningDays,
                    interval: settings.certificateExpiryCheckInterval, logger: logger),
            ],
            followsGlobalConfiguration: false,
            onShutdown: { broadcaster.finish() },
            // Served from the signed copy in memory: followers keep their stream through a database outage.
            databaseFreeMethods: [
                Vdxp_Central_V1_CentralService.Method.GetGlobalConfiguration.descriptor,
                Vdxp_Central_V1_CentralService.Method.WatchGlobalConfiguration.descriptor,
            ],
            memberStreams: [Vdxp_Central_V1_CentralService.Method.WatchGlobalConfiguration.descriptor])
    }
}
