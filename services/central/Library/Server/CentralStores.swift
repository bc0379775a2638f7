import Logging
import VDXPRuntime
import VDXPStore

/// Central's stores, one per aggregate, on one database, and the transactions that compose them.
struct CentralStores: Sendable {
    /// The database they share, for transactions of their own.
    let database: Database
    /// Members, their certificates and gateways.
    let members: MemberStore
    /// Subordinate units carried by members' connections.
    let units: RepresentedUnitStore
    /// The trust list.
    let authorities: TrustedAuthorityStore
    /// People's accounts.
    let accounts: AccountStore
    /// The service registry: services and change requests.
    let registry: ServiceRegistryStore
    /// E-mails and SMS waiting for Monitoring.
    let outbox: NotificationOutbox
    /// Who did what, when and why.
    let auditLog: AuditLog
    /// The configuration version and its consistent read.
    let configuration: ConfigurationStore
    /// Audited (and configuration-bumping) transactions over the stores above.
    let transactions: CentralTransactions

    /// The stores of `database`, reading time from `clock`.
    init(database: Database, clock: WallClock, logger: Logger) {
        self.database = database
        members = MemberStore(database: database, clock: clock, logger: logger)
        units = RepresentedUnitStore(database: database, logger: logger)
        authorities = TrustedAuthorityStore(database: database, logger: logger)
        accounts = AccountStore(database: database, logger: logger)
        registry = ServiceRegistryStore(database: database, logger: logger)
        outbox = NotificationOutbox(database: database, clock: clock, logger: logger)
        auditLog = AuditLog(database: database, logger: logger)
        configuration = ConfigurationStore(
            database: database, members: members, authorities: authorities, services: registry, units: units,
            logger: logger)
        transactions = CentralTransactions(
            database: database, auditLog: auditLog, configuration: configuration, logger: logger)
    }

    /// Locks accounts with their audit record and notices.
    var accountLocker: AccountLocker { AccountLocker(accounts: accounts, auditLog: auditLog, outbox: outbox) }
}
