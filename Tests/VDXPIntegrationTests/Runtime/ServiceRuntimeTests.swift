import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import Testing
import VDXPCentral
import VDXPClient
import VDXPDevelopment
import VDXPExchange
import VDXPLocalCluster
import VDXPMonitoring
import VDXPProto
import VDXPReport
import VDXPRuntime
import VDXPSearch
import VDXPStore
import VDXPTicket
import VDXPTrust
import X509

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What every service shares: health on the plaintext listener, metrics, mTLS only, migrations, journal integrity.
@Suite("Service runtime", .serialized)
struct ServiceRuntimeTests {
    @Test("the four services without RPCs yet start, answer health and metrics, and shut down cleanly")
    func servicesWithoutRPCs() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.send(try platform.messages(TestPlatform.header(number: "401")))
            let exchangeMetrics = try await Self.httpGet(
                try await platform.exchangeHost.addresses().metrics, path: "/metrics")
            #expect(exchangeMetrics.contains("vdxp_rpc_requests_total"))
            #expect(exchangeMetrics.contains("vdxp_rpc_duration_seconds"))
            #expect(exchangeMetrics.contains("vdxp_exchange_deliveries_pending"))
            // The send went through a commit group (CommitCoalescerTests checks the figures).
            #expect(exchangeMetrics.contains(#"vdxp_exchange_commit_group_size_count{kind="send"}"#))
            #expect(exchangeMetrics.contains(#"vdxp_exchange_commit_group_seconds_count{kind="send"}"#))
            for definition in [
                MonitoringService.definition, TicketService.definition, ReportService.definition,
                SearchService.definition,
            ] {
                let host = ServiceHost(
                    definition: definition,
                    configuration: try platform.configuration(definition.name, identity: "search"),
                    logger: platform.logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await host.run() }
                    let addresses = try await host.addresses()
                    var status = Grpc_Health_V1_HealthCheckResponse.ServingStatus.unknown
                    for _ in 0..<100 where status != .serving {
                        status = try await Self.health(addresses.health)
                        if status != .serving { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    #expect(status == .serving, "\(definition.name)")
                    let metrics = try await Self.httpGet(addresses.metrics, path: "/metrics")
                    #expect(metrics.contains("vdxp_global_configuration_expires_in_seconds"), "\(definition.name)")
                    #expect(metrics.contains("vdxp_tls_certificate_expires_in_seconds"), "\(definition.name)")
                    #expect(
                        Set(["database pool", "database probe", "gRPC server", "health server", "metrics endpoint"])
                            .isSubset(of: host.running.current), "\(definition.name): \(host.running.current)")
                    host.shutdown()
                    try await group.waitForAll()
                    #expect(host.running.current.isEmpty, "\(definition.name): \(host.running.current)")
                }
            }
        }
    }

    @Test(
        "a service's own setting out of bounds stops it before it reaches the database — a migration-only run too — naming the variable",
        arguments: [
            ("central", "VDXP_CONFIGURATION_TTL_SECONDS", "30"),
            ("exchange", "VDXP_EXCHANGE_MAX_DELIVERY_ATTEMPTS", "0"),
            ("monitoring", "VDXP_MONITORING_DEGRADED_AFTER_SECONDS", "0"),
            ("ticket", "VDXP_TICKET_SLA_WARNING_MINUTES", "0"),
            ("report", "VDXP_REPORT_SOURCES_SECONDS", "0"), ("search", "VDXP_EXCHANGE_ADDRESS", "no-port"),
        ])
    func serviceSettingsCheckedFirst(service: String, variable: String, value: String) async throws {
        let definitions = [
            "central": CentralService.definition, "exchange": ExchangeService.definition,
            "monitoring": MonitoringService.definition, "ticket": TicketService.definition,
            "report": ReportService.definition, "search": SearchService.definition,
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-check-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try DevelopmentPKI.generate(in: directory, services: [service], operators: [], members: [])
        // Nothing listens on port 1: a service that reached for the database first would fail on it, not the setting.
        let configuration = try TestPlatform.configuration(
            service, identity: service, pki: pki, databaseURL: "postgres://vdxp@127.0.0.1:1/vdxp?sslmode=disable",
            central: service == "central" ? nil : HostAndPort("127.0.0.1:7100"),
            extra: [variable: value, "VDXP_MIGRATE_ONLY": "true"])
        let host = ServiceHost(
            definition: try #require(definitions[service]), configuration: configuration,
            logger: Logger(label: "vdxp.test"))
        let error = await #expect(throws: SettingsError.self) { try await host.run() }
        #expect(error?.description.contains(variable) == true, "\(error?.description ?? "")")
    }

    /// Ignores graceful shutdown and cancellation alike: runs until `release` is set.
    struct Unstoppable: Service {
        let release: ReleaseSwitch
        func run() async throws { await release.wait() }
    }

    @Test(
        "a service that ignores shutdown and cancellation is left behind by name, and the host still stops",
        .timeLimit(.minutes(2)))
    func stopIsBounded() async throws {
        try await TestPlatform.with { platform in
            let release = ReleaseSwitch()
            defer { release.set() }
            var configuration = try platform.configuration("report", identity: "report")
            configuration.shutdownGrace = .seconds(1)
            let definition = ServiceDefinition(name: "report", migrations: [], healthServiceNames: []) { _ in
                ServiceComponents(
                    backgroundServices: [Unstoppable(release: release)], followsGlobalConfiguration: false)
            }
            let host = ServiceHost(definition: definition, configuration: configuration, logger: platform.logger)
            let run = Task { try await host.run() }
            _ = try await host.addresses()
            host.shutdown()
            let error = await #expect(throws: ShutdownOverrunError.self) { try await run.value }
            #expect(error?.services == ["Unstoppable"])
            #expect(error?.after == .seconds(1) + ServiceHost.cancellationLimit)
            #expect(host.running.current == ["Unstoppable"], "every other service stopped, the pool closed")
        }
    }

    @Test("a host whose gRPC port is taken says so, and stops", .timeLimit(.minutes(2)))
    func portTaken() async throws {
        try await TestPlatform.with { platform in
            let taken = try SilentListener()
            defer { taken.close() }
            var configuration = try platform.configuration("report", identity: "report")
            configuration.grpcAddress = HostAndPort(host: "127.0.0.1", port: taken.port)
            let host = ServiceHost(
                definition: ReportService.definition, configuration: configuration, logger: platform.logger)
            let run = Task { try await host.run() }
            let error = await #expect(throws: (any Error).self) { _ = try await host.addresses() }
            #expect("\(error.map { "\($0)" } ?? "")".localizedCaseInsensitiveContains("address already in use"))
            await #expect(throws: (any Error).self) { try await run.value }
            #expect(host.running.current.isEmpty)
        }
    }

    @Test("Exchange without a valid global configuration is not ready and refuses agency traffic")
    func noConfigurationNoTraffic() async throws {
        try await TestPlatform.with { platform in
            var configuration = try platform.configuration("exchange", identity: "exchange")
            configuration.centralAddress = HostAndPort(host: "127.0.0.1", port: 1)  // nobody listens there
            let isolated = ServiceHost(
                definition: ExchangeService.definition, configuration: configuration, logger: platform.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await isolated.run() }
                let addresses = try await isolated.addresses()
                try await Task.sleep(for: .milliseconds(300))
                #expect(isolated.health.status(of: "vdxp.exchange.v1.ExchangeService") == .notServing)
                #expect(isolated.health.status(of: "") == .serving, "liveness stays up while readiness is down")
                let error = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.sender, service: addresses.grpc).exchange {
                        try await $0.fetchInbox(.init())
                    }
                }
                #expect(error?.code == .unavailable)
                isolated.shutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test("a caller without a client certificate, or with an unregistered one, is refused")
    func mutualTLSOnly() async throws {
        try await TestPlatform.with { platform in
            // No client certificate: the handshake itself fails.
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: platform.exchange.port),
                transportSecurity: .tls {
                    $0.trustRoots = .certificates([.file(path: platform.pki.platformCA, format: .pem)])
                })
            await #expect(throws: (any Error).self) {
                try await withGRPCClient(transport: transport) { client in
                    _ = try await Vdxp_Exchange_V1_ExchangeService.Client(wrapping: client).fetchInbox(
                        .init(), options: .defaults.with { $0.timeout = .seconds(5) })
                }
            }
            // A certificate from the trusted member CA that is not registered to any member.
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            let issuer = try CertificateIssuer(
                certificate: memberCA, key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let key = try SigningKey(generating: .p256)
            let unregistered = try issuer.issue(
                publicKey: key.publicKey, subject: try DistinguishedName { CommonName("unregistered") },
                keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-unregistered-\(UUID())")
                .path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try PEM.pemString(for: unregistered).write(
                toFile: directory + "/cert.pem", atomically: true, encoding: .utf8)
            try key.pemRepresentation.write(toFile: directory + "/key.pem", atomically: true, encoding: .utf8)
            let client = PlatformClient(
                address: platform.exchange, certificatePath: directory + "/cert.pem", keyPath: directory + "/key.pem",
                platformCAPath: platform.pki.platformCA)
            let error = await #expect(throws: RPCError.self) {
                try await client.exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(error?.code == .unauthenticated)
            #expect(error?.message.contains("AddMemberCertificate") == true)
        }
    }

    @Test("migrations applied by several replicas at once run exactly once")
    func concurrentMigrations() async throws {
        let logger = {
            var logger = Logger(label: "vdxp.test")
            logger.logLevel = .warning
            return logger
        }()
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            let client = PostgresClient(
                configuration: try DatabaseURL(endpoint.url).clientConfiguration(), backgroundLogger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                let migrator = SchemaMigrator(
                    schema: "replicas",
                    migrations: [
                        Migration(version: 1, name: "a table", statements: ["CREATE TABLE replicas.things (id int)"]),
                        Migration(version: 2, name: "a row", statements: ["INSERT INTO replicas.things VALUES (1)"]),
                    ])
                let applied = try await withThrowingTaskGroup(of: [Int].self) { replicas in
                    for _ in 0..<4 { replicas.addTask { try await migrator.migrate(client: client, logger: logger) } }
                    return try await replicas.reduce(into: [[Int]]()) { $0.append($1) }
                }
                #expect(applied.filter { !$0.isEmpty } == [[1, 2]])
                var count = 0
                for try await value in try await client.query("SELECT count(*) FROM replicas.things").decode(Int.self) {
                    count = value
                }
                #expect(count == 1)
                group.cancelAll()
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    @Test("concurrent sends produce one gap-free, intact hash chain")
    func journalUnderConcurrency() async throws {
        try await TestPlatform.with { platform in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        _ = try await platform.send(
                            try platform.messages(TestPlatform.header(number: "\(500 + index)")))
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await platform.service("report", address: platform.exchange).exchange { exchange in
                try await exchange.streamJournal(.init()) { response in
                    var entries: [Vdxp_Exchange_V1_JournalEntry] = []
                    for try await entry in response.messages {
                        entries.append(entry)
                        if entries.count == 12 { break }
                    }
                    return entries
                }
            }
            #expect(entries.map(\.sequence) == Array(1...12))
            let links = entries.map { entry in
                JournalLink(
                    sequence: entry.sequence, entryID: entry.entryID, eventType: entry.eventType,
                    documentID: entry.documentID,
                    recordedAtMicroseconds: entry.recordTime.seconds * 1_000_000 + Int64(entry.recordTime.nanos / 1000),
                    payload: Array(entry.payload), hash: Array(entry.hash))
            }
            #expect(JournalChain.verify(entries: links) == nil)
            var tampered = links
            tampered[5].payload[0] ^= 0x01
            #expect(JournalChain.verify(entries: tampered) == 5)
        }
    }

    static func health(_ address: HostAndPort) async throws -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        try await withGRPCClient(transport: try TransportFactory.plaintextClient(target: address)) { client in
            try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
        }
    }

    static func httpGet(_ address: HostAndPort, path: String) async throws -> String {
        let url = URL(string: "http://127.0.0.1:\(address.port)\(path)")!
        let (data, _) = try await URLSession.shared.data(from: url)
        return String(decoding: data, as: UTF8.self)
    }
}

extension CallOptions {
    func with(_ change: (inout CallOptions) -> Void) -> CallOptions {
        var copy = self
        change(&copy)
        return copy
    }
}
