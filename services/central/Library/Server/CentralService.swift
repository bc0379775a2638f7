import Foundation
import GRPCCore
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
public import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

/// Central: the registry of members, certificates and trusted authorities, and the publisher of the signed global
/// configuration (Art. 6–10, 17).
///
/// Service-specific settings:
/// - `VDXP_CONFIGURATION_SIGNING_KEY`: PEM private key matching `VDXP_CONFIGURATION_ANCHOR`. Required.
/// - `VDXP_CONFIGURATION_TTL_SECONDS`: validity of each signed copy, 60 to 86400; default 900.
/// - `VDXP_PUBLIC_ADDRESS`: the public directory listener (TLS, no client certificate); default port 7103.
/// - `VDXP_PUBLIC_HOLIDAYS`, `VDXP_EXTRA_WORKING_DAYS`: the business calendar of gateway notices (Art. 17.2).
/// - `VDXP_CERTIFICATE_EXPIRY_WARNING_DAYS` (30), `VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS` (3600).
/// - `VDXP_ACCOUNT_TOKEN_TTL_SECONDS`, `VDXP_ACCOUNT_INACTIVITY_CHECK_SECONDS`: accounts (docs/design.md).
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
            healthServiceNames: [grpcServiceName]
        ) { environment in
            try await components(environment, clock: clock)
        }
    }

    private static func components(_ environment: ServiceEnvironment, clock: WallClock) async throws
        -> ServiceComponents
    {
        let settings = environment.configuration.settings
        let keyPath = try settings.required(
            "CONFIGURATION_SIGNING_KEY", "the PEM file of the configuration signing key")
        let signingKey = try PEM.loadSigningKey(pemFile: keyPath)
        guard signingKey.publicKey == environment.configurationAnchor.publicKey else {
            throw SettingsError(
                "VDXP_CONFIGURATION_SIGNING_KEY does not match the certificate in VDXP_CONFIGURATION_ANCHOR: "
                    + "every service would refuse the configuration")
        }
        let ttl = try settings.integer("CONFIGURATION_TTL_SECONDS", default: 900, in: 60...86_400)
        let stores = CentralStores(database: environment.database, clock: clock, logger: environment.logger)
        let hub = NotificationHub(
            client: environment.database, channels: [ConfigurationStore.changeChannel], logger: environment.logger)
        let broadcaster = ConfigurationBroadcaster()
        let publisher = ConfigurationPublisher(
            stored: stores.configuration, signingKey: signingKey,
            signerCertificateDER: Array(environment.configurationAnchor.derEncodedBytes),
            validity: .seconds(ttl), store: environment.globalConfiguration, broadcaster: broadcaster, hub: hub,
            clock: clock, logger: environment.logger)
        try await publisher.refresh()
        let context = CentralContext(
            stores: stores, publisher: publisher, signingKey: signingKey, clock: clock,
            calendar: try settings.businessCalendar(), logger: environment.logger)
        let handlers = CentralHandlers(
            context: context, broadcaster: broadcaster, store: environment.globalConfiguration)
        var components = ServiceComponents(
            rpcServices: [handlers],
            accessRules: CentralAccessRules.byMethod,
            publicServices: [PublicDirectoryHandlers(members: stores.members)],
            backgroundServices: [hub, publisher],
            followsGlobalConfiguration: false,
            onShutdown: { broadcaster.finish() },
            // Served from the signed copy in memory: followers keep their stream through a database outage.
            databaseFreeMethods: [
                Vdxp_Central_V1_CentralService.Method.GetGlobalConfiguration.descriptor.fullyQualifiedMethod,
                Vdxp_Central_V1_CentralService.Method.WatchGlobalConfiguration.descriptor.fullyQualifiedMethod,
            ])
        components.rpcServices.append(ServiceRegistryHandlers(context: context))
        components.accessRules.merge(ServiceRegistryAccessRules.byMethod) { $1 }
        let accounts = try AccountServiceSetup(context: context, settings: settings)
        components.rpcServices.append(accounts.handlers)
        components.accessRules.merge(AccountAccessRules.byMethod) { $1 }
        components.backgroundServices.append(accounts.inactivitySweeper)
        components.backgroundServices.append(
            CertificateExpiryNotifier(
                database: environment.database, members: stores.members, outbox: stores.outbox, clock: clock,
                warningDays: try settings.integer("CERTIFICATE_EXPIRY_WARNING_DAYS", default: 30, in: 1...365),
                interval: .seconds(
                    try settings.integer("CERTIFICATE_EXPIRY_CHECK_SECONDS", default: 3600, in: 1...86_400)),
                logger: environment.logger))
        return components
    }
}
