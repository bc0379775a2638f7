import Foundation
import Logging
import ServiceLifecycle
public import VDXPRuntime
import VDXPStore

/// Search: "where is document 7816/VPCP-TTĐT, who has it and what happened to it?" (Art. 4.2.c, 12.1).
///
/// A projection of Exchange's journal (`VDXP_EXCHANGE_ADDRESS`): `JournalFollower` indexes each entry into the
/// `search` schema on the primary, in the transaction that advances its cursor. Queries (`SearchHandlers`) read
/// from `VDXP_READ_DATABASE_URL` when set; the query log is written to the primary.
public enum SearchService {
    /// The fully-qualified gRPC service name.
    public static let grpcServiceName = "vdxp.search.v1.SearchService"

    /// The service definition run by `ServiceHost`.
    public static let definition = ServiceDefinition(
        name: "search",
        migrations: SearchMigrations.all,
        healthServiceNames: [grpcServiceName],
        checkSettings: { _ = try SearchSettings(settings: $0.settings) }
    ) { environment in
        let configuration = environment.configuration
        let settings = try SearchSettings(settings: configuration.settings)
        let database = environment.database
        let logger = environment.logger
        let read = try ReadDatabase.make(configuration: configuration, primary: database, logger: logger)
        let cursor = JournalCursorStore(database: database, table: .search, logger: logger)
        var jobs: [any Service] = read.services
        if let exchange = settings.exchangeAddress {
            jobs.append(
                JournalFollower(
                    exchange: exchange, certificatePath: configuration.tlsCertificatePath,
                    keyPath: configuration.tlsKeyPath, platformCAPath: configuration.platformCAPath,
                    database: database, cursor: cursor, index: IndexStore(database: database, logger: logger),
                    logger: logger))
        } else {
            logger.warning("VDXP_EXCHANGE_ADDRESS is not set: Search indexes nothing until it is")
        }
        jobs.append(
            QueryLogRetention(
                queryLog: QueryLogStore(database: database, logger: logger), retention: settings.queryLogRetention,
                logger: logger))
        let handlers = SearchHandlers(
            documents: DocumentQueryStore(database: read.database, logger: logger),
            queryLog: QueryLogStore(database: database, logger: logger), cursor: cursor,
            configuration: environment.globalConfiguration, logger: logger)
        return ServiceComponents(
            rpcServices: [handlers],
            accessRules: SearchAccessRules.byMethod,
            backgroundServices: jobs,
            followsGlobalConfiguration: true)
    }
}
