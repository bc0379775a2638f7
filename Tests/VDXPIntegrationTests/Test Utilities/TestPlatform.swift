import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import Synchronization
import VDXPCentral
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPExchange
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// The test platform itself failed (not the code under test).
struct TestPlatformError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A real platform for one test: a throwaway PostgreSQL cluster, a fresh development PKI, Central and Exchange
/// running in-process on loopback ports over mutual TLS, and two members registered through Central's RPCs.
struct TestPlatform: Sendable {
    static let sender = DevelopmentMember(
        organisationID: "000.00.00.G22", name: "Văn phòng Chính phủ", signingAlgorithm: .rsaPSSSHA256)
    static let recipient = DevelopmentMember(
        organisationID: "000.00.00.H26", name: "UBND Thành phố Hà Nội", signingAlgorithm: .ecdsaP256SHA256)
    static let stranger = DevelopmentMember(
        organisationID: "000.00.00.H29", name: "UBND Tỉnh Hưng Yên", signingAlgorithm: .ecdsaP384SHA384)

    let pki: DevelopmentPKIPaths
    let central: HostAndPort
    /// Central's public listener (the directory, no client certificate).
    let centralPublic: HostAndPort
    let exchange: HostAndPort
    let exchangeHost: ServiceHost
    let databaseURL: String
    /// The platform's PostgreSQL, to stop and start it (`cluster.stop()`, `startDatabase()`).
    let cluster: LocalPostgresCluster
    let logger: Logger

    /// The settings of a service of this platform on loopback port 0, presenting `identity`'s service certificate.
    func configuration(_ name: String, identity: String? = nil) throws -> ServiceConfiguration {
        try Self.configuration(name, identity: identity ?? name, pki: pki, databaseURL: databaseURL, central: central)
    }

    /// Where `service` connects: the cluster at `superuserURL`, as the service's own role (`vdxp_<service>`, which
    /// the cluster made when it started), so that every test runs each service with only the privileges production
    /// gives it.
    static func serviceDatabaseURL(_ superuserURL: String, service: String) throws -> String {
        let url = try DatabaseURL(superuserURL)
        return LocalPostgresCluster.Endpoint(host: url.host, port: url.port, user: url.user, database: url.database)
            .forService(service).url
    }

    static func configuration(
        _ name: String, identity: String, pki: DevelopmentPKIPaths, databaseURL: String, central: HostAndPort?,
        extra: [String: String] = [:]
    ) throws -> ServiceConfiguration {
        var values = [
            "VDXP_GRPC_ADDRESS": "127.0.0.1:0", "VDXP_HEALTH_ADDRESS": "127.0.0.1:0",
            "VDXP_METRICS_ADDRESS": "127.0.0.1:0", "VDXP_PUBLIC_ADDRESS": "127.0.0.1:0",
            "VDXP_DATABASE_URL": try serviceDatabaseURL(databaseURL, service: name),
            "VDXP_TLS_CERTIFICATE": pki.services[identity]!.certificate, "VDXP_TLS_KEY": pki.services[identity]!.key,
            "VDXP_PLATFORM_CA": pki.platformCA, "VDXP_CONFIGURATION_ANCHOR": pki.configurationSigningCertificate,
            "VDXP_DATABASE_MAX_CONNECTIONS": "8",
            // Streams end at once on shutdown; the grace period only matters on a loaded machine, where the whole suite
            // starting in parallel can make a clean stop take more than a couple of seconds.
            "VDXP_SHUTDOWN_GRACE_SECONDS": "15", "VDXP_LOG_LEVEL": "warning",
        ]
        if let central { values["VDXP_CENTRAL_ADDRESS"] = central.description }
        // Central's alone, as in a deployment: the other services verify the configuration with the anchor.
        if name == "central" { values["VDXP_CONFIGURATION_SIGNING_KEY"] = pki.configurationSigningKey }
        values.merge(extra) { _, new in new }
        return try ServiceConfiguration(service: name, settings: Settings(values))
    }

    func member(_ member: DevelopmentMember, service: HostAndPort? = nil) -> PlatformClient {
        let paths = pki.members[member.organisationID]!
        return PlatformClient(
            address: service ?? exchange, certificatePath: paths.connectionCertificate, keyPath: paths.connectionKey,
            platformCAPath: pki.platformCA)
    }

    /// A client of Central as the operator (`operator:admin`).
    var operatorClient: PlatformClient { operatorClient(of: central) }

    /// A client of the service at `address` as the platform auditor `auditor:inspector`.
    func auditor(_ address: HostAndPort) -> PlatformClient {
        PlatformClient(
            address: address, certificatePath: pki.auditors["inspector"]!.certificate,
            keyPath: pki.auditors["inspector"]!.key, platformCAPath: pki.platformCA)
    }

    func service(_ name: String, address: HostAndPort) -> PlatformClient {
        PlatformClient(
            address: address, certificatePath: pki.services[name]!.certificate, keyPath: pki.services[name]!.key,
            platformCAPath: pki.platformCA)
    }

    /// Starts everything, runs `body`, and tears everything down. `exchangeSettings` and `centralSettings` are extra
    /// `VDXP_*` settings, e.g. `["VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS": "2"]`; Central reads time from
    /// `centralClock` and Exchange from `exchangeClock` (a `ManualClock` for rules measured in hours, weeks and
    /// months).
    static func with(
        exchangeSettings: [String: String] = [:], centralSettings: [String: String] = [:],
        centralClock: WallClock = .system, exchangeClock: WallClock = .system,
        _ body: (TestPlatform) async throws -> Void
    ) async throws {
        var logger = Logger(label: "vdxp.test")
        logger.logLevel = .warning
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            try await run(
                cluster: cluster, endpoint: endpoint, exchangeSettings: exchangeSettings,
                centralSettings: centralSettings,
                centralClock: centralClock, exchangeClock: exchangeClock, logger: logger, body)
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    /// The identities of every platform's development PKI: a certificate for each service the platform knows.
    static let services = IdentityResolver.serviceNames.sorted()
    static let operators = ["admin"]
    static let auditors = ["inspector"]
    static let members = [sender, recipient, stranger]

    /// How long the hosts may take to stop after the body; past it the test fails saying so instead of hanging.
    static let stopLimit: Duration = .seconds(60)

    private static func run(
        cluster: LocalPostgresCluster, endpoint: LocalPostgresCluster.Endpoint, exchangeSettings: [String: String],
        centralSettings: [String: String], centralClock: WallClock, exchangeClock: WallClock, logger: Logger,
        _ body: (TestPlatform) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-pki-\(UUID().uuidString)")
            .path
        try await DevelopmentPKITemplate.copy(to: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try DevelopmentPKI.generate(
            in: directory, services: services, operators: operators, auditors: auditors, members: members)

        func configuration(_ name: String, central: HostAndPort?, extra: [String: String] = [:]) throws
            -> ServiceConfiguration
        {
            try Self.configuration(
                name, identity: name, pki: pki, databaseURL: endpoint.url, central: central, extra: extra)
        }
        // The hosts run as tasks of their own and are always stopped the way production stops them — gracefully, as
        // on SIGTERM — whatever the body does: an error from the body is rethrown only once both have stopped, and a
        // host that does not stop within `stopLimit` fails the test rather than hanging it.
        var hosts: [(ServiceHost, Task<Void, any Error>)] = []
        let outcome: Result<Void, any Error>
        do {
            let centralHost = ServiceHost(
                definition: CentralService.definition(clock: centralClock),
                configuration: try configuration("central", central: nil, extra: centralSettings), logger: logger)
            hosts.append((centralHost, Task { try await centralHost.run() }))
            let centralAddresses = try await centralHost.addresses()
            let exchangeHost = ServiceHost(
                definition: ExchangeService.definition(clock: exchangeClock),
                configuration: try configuration("exchange", central: centralAddresses.grpc, extra: exchangeSettings),
                logger: logger)
            hosts.append((exchangeHost, Task { try await exchangeHost.run() }))
            let platform = TestPlatform(
                pki: pki, central: centralAddresses.grpc, centralPublic: centralAddresses.public!,
                exchange: try await exchangeHost.addresses().grpc, exchangeHost: exchangeHost,
                databaseURL: endpoint.url,
                cluster: cluster, logger: logger)
            try await DevelopmentSeeder.seed(
                central: platform.operatorClient, pki: pki, members: [sender, recipient, stranger])
            try await platform.waitForExchangeConfiguration()
            try await body(platform)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await stop(hosts.map(\.0), running: hosts.map(\.1))
        try outcome.get()
    }

    /// Shuts `hosts` down gracefully and waits for their tasks, at most `stopLimit`; throws if a host did not stop
    /// cleanly (a service that ended early or failed during the stop: in production the process exits 1 and the RPCs
    /// still draining are cancelled).
    static func stop(_ hosts: [ServiceHost], running tasks: [Task<Void, any Error>]) async throws {
        for host in hosts.reversed() { host.shutdown() }
        // Awaiting a task's result cannot be cancelled: a host that hangs is abandoned after `stopLimit`.
        let failures = Mutex<[String]>([])
        let stopped = await finishes(within: stopLimit) {
            for (host, task) in zip(hosts, tasks) {
                if case .failure(let error) = await task.result {
                    failures.withLock { $0.append("\(host.definition.name): \(error)") }
                }
            }
        }
        let failed = failures.withLock { $0 }
        if !failed.isEmpty {
            throw TestPlatformError("a service did not stop cleanly: \(failed.joined(separator: "; "))")
        }
        if !stopped {
            let stragglers = hosts.compactMap { host -> String? in
                let left = host.running.current
                return left.isEmpty ? nil : "\(host.definition.name): \(left.joined(separator: ", "))"
            }
            for task in tasks { task.cancel() }
            throw TestPlatformError(
                "the platform's services did not stop within \(stopLimit) of shutdown(); still running: "
                    + "\(stragglers.isEmpty ? "none (the host itself hangs)" : stragglers.joined(separator: "; "))")
        }
    }

    /// Waits until Exchange holds the configuration that Central holds now.
    func waitForExchangeConfiguration() async throws {
        let version = try await operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
        let target = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: version.configuration).version
        for _ in 0..<200 {
            if let held = exchangeHost.globalConfiguration.current(), held.version >= target { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RPCError(code: .deadlineExceeded, message: "Exchange did not receive configuration version \(target)")
    }

    /// A valid header from `sender` to `recipients`.
    static func header(
        number: String, from sender: DevelopmentMember = sender, to recipients: [DevelopmentMember] = [recipient],
        priority: Int32 = 0
    ) -> Vdxp_Exchange_V1_DocumentHeader {
        .with {
            $0.documentID = "\(sender.organisationID),2026,\(number)/VPCP-TTĐT"
            $0.sender = .with {
                $0.organisationID = sender.organisationID
                $0.name = sender.name
            }
            $0.recipients = recipients.map { r in
                .with {
                    $0.organisationID = r.organisationID
                    $0.name = r.name
                }
            }
            $0.code = .with {
                $0.number = number
                $0.notation = "VPCP-TTĐT"
            }
            $0.promulgation = .with {
                $0.place = "Hà Nội"
                $0.date = "2026-01-15"
            }
            $0.documentType = .with {
                $0.type = 2
                $0.typeName = "Công văn"
            }
            $0.subject = "Về việc thử nghiệm trục liên thông"
            $0.signer = .with {
                $0.position = "Phó Chủ nhiệm"
                $0.fullName = "Trần Văn Bình"
            }
            $0.priority = priority
            $0.signingTime = EdXMLDate.iso8601VietnamTime(Date())
        }
    }

    /// The SendDocument stream for a document signed with `signer`'s seal — and, when `withSignerSignature`, first
    /// by its competent signer (the person named `DevelopmentMember.signerFullName`), which gives it legal value.
    func messages(
        _ header: Vdxp_Exchange_V1_DocumentHeader, attachments: [(name: String, contentType: String, data: Data)] = [],
        signedBy signer: DevelopmentMember = sender, withSignerSignature: Bool = false
    ) throws -> [Vdxp_Exchange_V1_SendDocumentRequest] {
        let builder = SignedDocumentBuilder(header: header, attachments: attachments)
        let paths = pki.members[signer.organisationID]!
        var signers = [
            SignedDocumentBuilder.Signer(
                key: try PEM.loadSigningKey(pemFile: paths.signingKey), algorithm: paths.signingAlgorithm,
                chain: try PEM.loadCertificateChain(pemFile: paths.signingChain))
        ]
        if withSignerSignature {
            signers.insert(
                SignedDocumentBuilder.Signer(
                    key: try PEM.loadSigningKey(pemFile: paths.signerKey!), algorithm: .ecdsaP256SHA256,
                    chain: try PEM.loadCertificateChain(pemFile: paths.signerChain!)),
                at: 0)
        }
        return builder.messages(for: try builder.signedDocument(signers: signers))
    }

    /// Sends `messages` as `member`, with `options` (e.g. a deadline).
    @discardableResult
    func send(
        _ messages: [Vdxp_Exchange_V1_SendDocumentRequest], as member: DevelopmentMember = sender,
        options: CallOptions = .defaults
    ) async throws -> Vdxp_Exchange_V1_SendDocumentResponse {
        try await self.member(member).exchange { exchange in
            try await exchange.sendDocument(
                request: StreamingClientRequest { writer in try await writer.write(contentsOf: messages) },
                options: options
            ) { try $0.message }
        }
    }
}
