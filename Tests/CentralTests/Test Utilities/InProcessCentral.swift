import Crypto
import Foundation
import GRPCCore
import GRPCInProcessTransport
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust
import X509

@testable import VDXPCentral

/// Central's three services on an in-process transport, without PostgreSQL: the database is a pool that is never
/// started, so a test passes only if what it checks is refused before Central touches the database.
enum InProcessCentral {
    /// Who calls, as the interceptors in front of the handlers establish it.
    enum Caller {
        /// No client certificate at all: the real `IdentityInterceptor` decides.
        case anonymous
        /// An authenticated caller, as `IdentityInterceptor` would have resolved it from a certificate.
        case identified(CallerIdentity)
    }

    /// Runs Central's services behind `caller`'s interceptors and hands `body` a client of them.
    static func with<Result: Sendable>(
        caller: Caller, _ body: (GRPCClient<InProcessTransport.Client>) async throws -> Result
    ) async throws -> Result {
        let logger = Logger(label: "vdxp.central-tests")
        let interceptors: [any ServerInterceptor] =
            switch caller {
            case .anonymous:
                [
                    ObservabilityInterceptor(logger: logger),
                    IdentityInterceptor(
                        resolver: IdentityResolver(
                            platformCAs: [try selfSignedCertificate()], configuration: GlobalConfigurationStore()),
                        rules: accessRules),
                ]
            case .identified(let identity):
                [ObservabilityInterceptor(logger: logger), AsCaller(identity: identity)]
            }
        let transport = InProcessTransport()
        return try await withGRPCServer(
            transport: transport.server, services: try services(logger: logger), interceptors: interceptors
        ) { _ in
            try await withGRPCClient(transport: transport.client) { client in try await body(client) }
        }
    }

    /// Every Central access rule, as `CentralService` merges them.
    static var accessRules: [MethodDescriptor: AccessRule] {
        CentralAccessRules.byMethod.merging(ServiceRegistryAccessRules.byMethod) { $1 }
            .merging(AccountAccessRules.byMethod) { $1 }
    }

    /// The rule of the method with the full name `method` (`package.Service/Method`), if any.
    static func accessRule(named method: String) -> AccessRule? {
        accessRules.first { $0.key.fullyQualifiedMethod == method }?.value
    }

    /// One thread for scrypt, shared by every in-process Central of the run (these tests never sign in).
    private static let passwordWorkers = PasswordWorkers(threads: 1, maximumWaiting: 1)

    /// Central's handlers on a database that is never started.
    private static func services(logger: Logger) throws -> [any RegistrableRPCService] {
        let database = Database(
            configuration: PostgresClient.Configuration(
                host: "127.0.0.1", port: 9, username: "unused", password: nil, database: nil, tls: .disable),
            logger: logger)
        let stores = CentralStores(database: database, clock: .system, logger: logger)
        let signingKey = SigningKey(P256.Signing.PrivateKey())
        let broadcaster = Broadcaster<Vdxp_Central_V1_SignedGlobalConfiguration>()
        let globalConfiguration = GlobalConfigurationStore()
        let publisher = ConfigurationPublisher(
            stored: stores.configuration, signingKey: signingKey, signerCertificateDER: [], validity: .seconds(900),
            store: globalConfiguration, broadcaster: broadcaster,
            hub: NotificationHub(client: database, channels: [], logger: logger), clock: .system,
            calendar: BusinessCalendar(holidays: [], extraWorkingDays: []), tetDaysBefore: 1, logger: logger)
        let context = CentralContext(
            stores: stores, publisher: publisher, signingKey: signingKey, clock: .system, realTime: .system,
            calendar: BusinessCalendar(holidays: [], extraWorkingDays: []), logger: logger)
        return [
            CentralHandlers(context: context, broadcaster: broadcaster, store: globalConfiguration),
            ServiceRegistryHandlers(context: context),
            AccountHandlers(
                stores: stores, issuer: AccountTokenIssuer(signingKey: signingKey, lifetime: 900),
                hasher: PasswordHasher(parameters: PasswordHasher.standardParameters, workers: Self.passwordWorkers),
                throttle: .standard, clock: .system, logger: logger),
            PublicDirectoryHandlers(members: stores.members),
        ]
    }

    /// A throwaway self-signed CA certificate (no caller in these tests presents one it issued).
    private static func selfSignedCertificate() throws -> Certificate {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("VDXP unit-test CA") }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-60), notValidAfter: Date().addingTimeInterval(3600),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions {}, issuerPrivateKey: .init(key))
    }
}

/// Stands in for `IdentityInterceptor` after it has resolved a certificate: makes `identity` the caller of every
/// unary call (whose handler runs inside `next`). It runs after `ObservabilityInterceptor`, which opens the call's
/// `RequestContext`.
struct AsCaller: ServerInterceptor {
    let identity: CallerIdentity

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard var scoped = RequestContext.current else {
            throw RPCError(code: .internalError, message: "AsCaller must run after ObservabilityInterceptor")
        }
        scoped.caller = identity
        return try await RequestContext.$current.withValue(scoped) { try await next(request, context) }
    }
}

/// The status code of the call `body` makes, or nil if it succeeds.
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
