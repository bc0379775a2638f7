import GRPCCore
import GRPCInProcessTransport
import Logging
import PostgresNIO
import VDXPProto
import VDXPStore

@testable import VDXPMonitoring
@testable import VDXPRuntime

/// Monitoring's handlers served over grpc-swift's in-process transport, behind the interceptors production uses,
/// with no PostgreSQL behind them: the pool points nowhere and is never run, so a call that reached the database
/// would hang instead of answering (the suites' time limits turn that into a failure). What these tests see is
/// therefore decided before any database work.
enum InProcessMonitoring {
    /// Runs `body` with a client of an in-process Monitoring that sees every call as coming from `caller`.
    static func withClient<Result: Sendable>(
        as caller: CallerIdentity,
        _ body: (Vdxp_Monitoring_V1_MonitoringService.Client<InProcessTransport.Client>) async throws -> Result
    ) async throws -> Result {
        let logger = Logger(label: "vdxp.monitoring-tests")
        let database = Database(
            configuration: PostgresClient.Configuration(
                host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: nil, tls: .disable),
            logger: logger)
        let transport = InProcessTransport()
        return try await withGRPCServer(
            transport: transport.server,
            services: [try handlers(database: database, logger: logger)],
            interceptors: [
                ObservabilityInterceptor(logger: logger), AssumedCallerInterceptor(caller: caller),
                DatabaseGateInterceptor(database: database, exempt: []), MessageLimitsInterceptor(),
            ]
        ) { _ in
            try await withGRPCClient(transport: transport.client) { client in
                try await body(Vdxp_Monitoring_V1_MonitoringService.Client(wrapping: client))
            }
        }
    }

    /// The handlers as `MonitoringService.definition` wires them, on the system clock and default settings.
    private static func handlers(database: Database, logger: Logger) throws -> MonitoringHandlers {
        let settings = try MonitoringSettings(settings: Settings([:]))
        let members = MemberConnectionStore(database: database, logger: logger)
        let changes = ConnectionChangeStore(database: database, logger: logger)
        let alerts = AlertStore(database: database, logger: logger)
        let configuration = GlobalConfigurationStore()
        return MonitoringHandlers(
            database: database, members: members, changes: changes, alerts: alerts,
            notifications: NotificationStore(database: database, logger: logger),
            components: ComponentStore(database: database, logger: logger),
            incidents: IncidentStore(database: database, logger: logger),
            statistics: OperationStatisticsStore(database: database, logger: logger),
            tracker: ConnectionTracker(
                database: database, members: members, changes: changes, alerts: alerts,
                configuration: configuration, rule: settings.connectionRule, clock: .system, logger: logger),
            hub: NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger),
            configuration: configuration, settings: settings, clock: .system, logger: logger)
    }
}

/// Stands in for `IdentityInterceptor` when a test needs an authenticated caller without a TLS connection: it
/// puts `caller` into `RequestContext` for the handler, as the real one does after checking the certificate.
struct AssumedCallerInterceptor: ServerInterceptor {
    let caller: CallerIdentity

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var scoped = RequestContext.current ?? RequestContext(requestID: "test", caller: nil)
        scoped.caller = caller
        return try await RequestContext.$current.withValue(scoped) { try await next(request, context) }
    }
}

/// The status code `body` fails with, or nil if it succeeds.
func statusCode(_ body: () async throws -> Void) async -> RPCError.Code? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}
