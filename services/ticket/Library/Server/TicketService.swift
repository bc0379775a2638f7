import Foundation
import Logging
import SwiftProtobuf
import VDXPProto
public import VDXPRuntime
import VDXPStore

/// Ticket: the operator's support desk (Art. 18; also 9.4, 16.5, 17.3, 21.5) — support tickets with the 24-hour and
/// 48-hour clocks of Art. 18.2 and their escalation, planned maintenance announced 5 working days ahead, the
/// operator's notices to members (remediation, security updates, root-cause follow-ups), and lost or stolen
/// credentials reported and locked in Central (Art. 16.5). Alerts for members and the operator group go to Monitoring's `SubmitAlert` from Ticket's own
/// outbox.
///
/// Settings are read by `TicketSettings` (`VDXP_TICKET_*`, `VDXP_MONITORING_ADDRESS`); its documentation lists
/// defaults and bounds. The working days are Central's, from the global configuration (`TicketCalendarSource`).
public enum TicketService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.ticket.v1.TicketService"

    /// The service definition run by `ServiceHost`, reading the time from the system clock.
    public static let definition = definition(clock: .system)

    /// The service definition run by `ServiceHost`, reading the current time from `clock` wherever a rule depends
    /// on it (the support clocks, the 5 working days, the reopen period).
    public static func definition(clock: WallClock) -> ServiceDefinition {
        ServiceDefinition(
            name: "ticket",
            migrations: TicketMigrations.all,
            healthServiceNames: [grpcServiceName],
            checkSettings: {
                _ = try TicketSettings(
                    settings: $0.settings,
                    calendar: TicketCalendarSource(globalConfiguration: GlobalConfigurationStore()))
            }
        ) { environment in
            let configuration = environment.configuration
            let settings = try TicketSettings(
                settings: configuration.settings,
                calendar: TicketCalendarSource(globalConfiguration: environment.globalConfiguration))
            let database = environment.database
            let logger = environment.logger
            let tickets = TicketStore(database: database, logger: logger)
            let events = TicketEventStore(database: database, logger: logger)
            let outbox = AlertOutboxStore(database: database, logger: logger)
            let credentialLocks = CredentialLockStore(database: database, logger: logger)
            let accountLocker = CentralAccountLocker(
                central: configuration.centralAddress, certificatePath: configuration.tlsCertificatePath,
                keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath)
            let requestKeys = RequestKeyStore(database: database, logger: logger)
            let windows = MaintenanceStore(database: database, logger: logger)
            let handlers = TicketHandlers(
                database: database, tickets: tickets, events: events,
                attachments: AttachmentStore(database: database, logger: logger),
                windows: windows,
                notices: NoticeStore(database: database, logger: logger),
                requestKeys: requestKeys, outbox: outbox,
                credentialLocks: credentialLocks, accountLocker: accountLocker,
                globalConfiguration: environment.globalConfiguration, settings: settings, clock: clock, logger: logger)
            return ServiceComponents(
                rpcServices: [handlers],
                accessRules: TicketAccessRules.byMethod,
                backgroundServices: [
                    SlaSweeper(
                        database: database, tickets: tickets, events: events, outbox: outbox, settings: settings,
                        clock: clock, logger: logger),
                    AlertDispatcher(
                        database: database, outbox: outbox,
                        submit: AlertDispatcher.monitoringSubmitter(
                            address: settings.monitoring, certificatePath: configuration.tlsCertificatePath,
                            keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath),
                        interval: settings.alertRetryInterval, clock: clock, logger: logger,
                        lateNotices: LateMaintenanceNotice(
                            database: database, windows: windows, outbox: outbox,
                            calendar: { [calendar = settings.calendar] in try calendar.calendar() }, logger: logger)),
                    RequestKeyRetention(keys: requestKeys, clock: clock, logger: logger),
                    CredentialLockRetrier(
                        database: database, locks: credentialLocks, tickets: tickets, events: events,
                        outbox: outbox, locker: accountLocker, interval: settings.lockRetryInterval, clock: clock,
                        logger: logger),
                ],
                followsGlobalConfiguration: true)
        }
    }
}
