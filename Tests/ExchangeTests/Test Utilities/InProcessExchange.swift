import Foundation
import GRPCCore
import GRPCInProcessTransport
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

@testable import VDXPExchange
@testable import VDXPRuntime

/// Exchange's handlers served over grpc-swift's in-process transport, behind the interceptors production uses,
/// with no PostgreSQL behind them: the pool points nowhere and is never run, so a call that reached the database
/// would hang instead of answering (the suites' time limits turn that into a failure). What these tests see is
/// therefore decided before any database work.
enum InProcessExchange {
    /// Who the server takes the caller to be.
    enum Caller {
        /// Nobody: the real `IdentityInterceptor` resolves the caller from a client certificate, and an in-process
        /// call has none.
        case unauthenticated
        /// This identity, as if `IdentityInterceptor` had resolved and authorised it.
        case assumed(CallerIdentity)
    }

    /// Runs `body` with a client of an in-process Exchange that sees every call as coming from `caller`. The
    /// server holds no global configuration unless `members` are given: then one valid for a day, listing each of
    /// them in the state given (organisation id → state).
    static func withClient<Result: Sendable>(
        as caller: Caller,
        members: [String: Vdxp_Central_V1_MemberState] = [:],
        _ body: (Vdxp_Exchange_V1_ExchangeService.Client<InProcessTransport.Client>) async throws -> Result
    ) async throws -> Result {
        let logger = Logger(label: "vdxp.exchange-tests")
        let database = Database(
            configuration: PostgresClient.Configuration(
                host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: nil, tls: .disable),
            logger: logger)
        let configuration = GlobalConfigurationStore()
        if !members.isEmpty {
            configuration.update(try snapshot(members: members))
        }
        let identity: any ServerInterceptor =
            switch caller {
            case .unauthenticated:
                IdentityInterceptor(
                    resolver: IdentityResolver(
                        platformCAs: [try TestAuthority.certificate()], configuration: configuration),
                    rules: ExchangeAccessRules.byMethod)
            case .assumed(let identity):
                AssumedCallerInterceptor(caller: identity)
            }
        let transport = InProcessTransport()
        return try await withGRPCServer(
            transport: transport.server,
            services: [handlers(database: database, configuration: configuration, logger: logger)],
            interceptors: [
                ObservabilityInterceptor(logger: logger), identity,
                DatabaseGateInterceptor(database: database, exempt: []), MessageLimitsInterceptor(),
            ]
        ) { _ in
            try await withGRPCClient(transport: transport.client) { client in
                try await body(Vdxp_Exchange_V1_ExchangeService.Client(wrapping: client))
            }
        }
    }

    /// A configuration valid for a day that lists `members`, whose signature nobody checks (the handlers see only
    /// the snapshot, as after `GlobalConfigurationFollower` verified it).
    private static func snapshot(members: [String: Vdxp_Central_V1_MemberState]) throws -> GlobalConfigurationSnapshot {
        let configuration = Vdxp_Central_V1_GlobalConfiguration.with {
            $0.version = 1
            $0.issueTime = .init(date: Date())
            $0.expireTime = .init(date: Date().addingTimeInterval(86_400))
            $0.members = members.sorted { $0.key < $1.key }.map { id, state in
                .with {
                    $0.organisationID = id
                    $0.displayName = id
                    $0.kind = .stateAgency
                    $0.state = state
                }
            }
        }
        return try GlobalConfigurationSnapshot(
            verified: .with { $0.configuration = try configuration.serializedBytes() })
    }

    /// The handlers as `ExchangeService.definition` wires them, on the system clock and default settings.
    private static func handlers(
        database: Database, configuration: GlobalConfigurationStore, logger: Logger
    ) throws -> ExchangeHandlers {
        let documents = DocumentStore(database: database, logger: logger)
        let deliveries = DeliveryStore(database: database, logger: logger)
        let statusHistory = StatusHistoryStore(database: database, logger: logger)
        let retractRequests = RetractRequestStore(database: database, logger: logger)
        let journal = JournalStore(database: database, logger: logger)
        let settings = try ExchangeSettings(settings: Settings([:]), databaseConnections: 20)
        return ExchangeHandlers(
            database: database, documents: documents, deliveries: deliveries, statusHistory: statusHistory,
            retractRequests: retractRequests, journal: journal,
            journalSeals: JournalSealStore(database: database, logger: logger),
            views: DocumentViews(
                documents: documents, deliveries: deliveries, statusHistory: statusHistory,
                retractRequests: retractRequests),
            lifecycle: DocumentLifecycle(
                documents: documents, deliveries: deliveries, journal: journal, logger: logger),
            hub: NotificationHub(client: database, channels: ExchangeChannels.all, logger: logger),
            store: configuration, settings: settings, clock: .system, logger: logger,
            streamedSends: StreamedSendSlots(limit: settings.streamedSendsAtOnce))
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
