import ArgumentParser
import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// `vdxp dev up|down`: a whole platform on this machine.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole platform locally: PostgreSQL, the dev PKI, all six services and two demo members.",
        subcommands: [Up.self, Down.self, Seed.self])

    static let services = ["central", "exchange", "monitoring", "ticket", "report", "search"]
    static let demoMembers = [
        DevelopmentMember(
            organisationID: "000.00.00.G22", name: "Văn phòng Chính phủ", signingAlgorithm: .rsaPSSSHA256),
        DevelopmentMember(
            organisationID: "000.00.00.H26", name: "Ủy ban nhân dân Thành phố Hà Nội",
            signingAlgorithm: .ecdsaP256SHA256),
    ]

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Start PostgreSQL under .vdxp/dev, generate the dev PKI, a local mail relay and SMS gateway, all six services, seed two members.",
            discussion: """
                The services are the vdxp-central … vdxp-search executables beside the real file of this vdxp \
                (symbolic links resolved), or else the first ones on PATH: run the vdxp of a build folder \
                (.build/debug/vdxp), or put that folder on PATH and run `vdxp dev up` from anywhere.

                A real local SMTP relay (aiosmtpd from the checkout's .venv, port 7325) and an HTTP SMS gateway \
                (port 7326) start too, keeping every e-mail under <directory>/mail and every SMS under \
                <directory>/sms; Monitoring sends to them. See what arrived with `vdxp mail`.

                It returns once every service answers SERVING on its health listener for the server and for each \
                of its named gRPC services (e.g. vdxp.exchange.v1.ExchangeService, SERVING once Exchange holds a \
                valid global configuration), so that the platform takes requests as soon as it returns.
                """)

        @Option(help: "Where the local platform lives.") var directory = ".vdxp/dev"
        @Flag(help: "Then send a demo document from one demo member to the other and follow its statuses.") var demo =
            false
        @Flag(help: "Print the cluster file as JSON instead of progress for people.") var json = false

        func run() async throws {
            let out = Output(json: json)
            let executables = try ServiceExecutables.locate(Dev.services)
            let root = URL(fileURLWithPath: directory).standardizedFileURL.path
            try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
            var logger = Logger(label: "vdxp.dev")
            logger.logLevel = .warning

            out.step("starting PostgreSQL in \(root)/postgres")
            let cluster = LocalPostgresCluster(directory: root + "/postgres", logger: logger)
            let endpoint = try await cluster.start()
            out.done("PostgreSQL at \(endpoint.host):\(endpoint.port)")

            out.step("generating the development PKI in \(root)/pki")
            let pki = try PKI.generate(in: root + "/pki")
            out.done("PKI ready: platform CA, member CA, six service certificates, operator, two members")

            let supervisor = ProcessSupervisor(directory: root)
            supervisor.stopAll()
            let sinks = try await DevSinks.start(root: root, supervisor: supervisor, out: out)
            var clusterFile = ClusterFile(services: [:], databaseURL: endpoint.url, pki: pki, sinks: sinks)
            for service in Dev.services {
                let ports = ServiceConfiguration.defaultPorts[service]!
                clusterFile.services[service] = .init(
                    grpc: "127.0.0.1:\(ports.grpc)", health: "127.0.0.1:\(ports.health)",
                    metrics: "http://127.0.0.1:\(ports.metrics)/metrics",
                    public: service == "central" ? "127.0.0.1:\(ports.metrics + 1)" : nil)
            }
            try clusterFile.write(to: root + "/cluster.json")

            for service in Dev.services {
                out.step("starting \(executables[service]!)")
                try supervisor.start(
                    service, executable: executables[service]!,
                    environment: Dev.environment(for: service, pki: pki, database: endpoint.forService(service).url)
                        .merging(service == "monitoring" ? sinks?.monitoringEnvironment ?? [:] : [:]) { $1 })
                if service == "central" {
                    try await Dev.waitForHealth(clusterFile, service: "central", out: out, supervisor: supervisor)
                    out.step("registering the demo members in Central (as the operator)")
                    try await DevelopmentSeeder.seed(
                        central: try clusterFile.operatorClient("central"), pki: pki, members: Dev.demoMembers)
                    out.done("members \(Dev.demoMembers.map(\.organisationID).joined(separator: ", ")) registered")
                }
            }
            for service in Dev.services {
                try await Dev.waitForHealth(clusterFile, service: service, out: out, supervisor: supervisor)
            }
            out.done("all six services and their named gRPC services SERVING; cluster file: \(root)/cluster.json")
            if demo {
                try await Demo.run(cluster: clusterFile, out: out)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(clusterFile), as: UTF8.self))
            } else {
                if sinks != nil {
                    print("\nE-mail and SMS sent by Monitoring arrive in \(root)/mail and \(root)/sms: vdxp mail")
                }
                print("\nStop everything with: vdxp dev down")
            }
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Stop the services, the local mail relay and SMS gateway, and PostgreSQL started by `vdxp dev up`.")

        @Option(help: "Where the local platform lives.") var directory = ".vdxp/dev"

        func run() async throws {
            let root = URL(fileURLWithPath: directory).standardizedFileURL.path
            let stopped = ProcessSupervisor(directory: root).stopAll()
            print("stopped \(stopped) process(es): services, mail relay, SMS gateway")
            var logger = Logger(label: "vdxp.dev")
            logger.logLevel = .warning
            if FileManager.default.fileExists(atPath: root + "/postgres") {
                try await LocalPostgresCluster(directory: root + "/postgres", logger: logger).stop()
                print("stopped PostgreSQL")
            }
        }
    }

    static func environment(for service: String, pki: DevelopmentPKIPaths, database: String) -> [String: String] {
        var environment = [
            "VDXP_DATABASE_URL": database,
            "VDXP_TLS_CERTIFICATE": pki.services[service]!.certificate,
            "VDXP_TLS_KEY": pki.services[service]!.key,
            "VDXP_PLATFORM_CA": pki.platformCA,
            "VDXP_CONFIGURATION_ANCHOR": pki.configurationSigningCertificate,
            "VDXP_DATABASE_MAX_CONNECTIONS": "10",
        ]
        // Each service gets only the settings it reads: another's would be named in its warning of unknown settings.
        if service != "central" { environment["VDXP_CENTRAL_ADDRESS"] = "127.0.0.1:7100" }
        let ports = ServiceConfiguration.defaultPorts[service]!
        environment["VDXP_GRPC_ADDRESS"] = "127.0.0.1:\(ports.grpc)"
        environment["VDXP_HEALTH_ADDRESS"] = "127.0.0.1:\(ports.health)"
        environment["VDXP_METRICS_ADDRESS"] = "127.0.0.1:\(ports.metrics)"
        environment["VDXP_PUBLIC_ADDRESS"] = "127.0.0.1:\(ports.metrics + 1)"
        if service == "central" { environment["VDXP_CONFIGURATION_SIGNING_KEY"] = pki.configurationSigningKey }
        // Monitoring follows Exchange's journal: members' calls are their activity.
        if service == "monitoring" {
            environment["VDXP_EXCHANGE_ADDRESS"] = "127.0.0.1:7200"
            // Monitoring probes every other service's health listener and opens an incident when one stops serving.
            environment["VDXP_MONITORING_COMPONENTS"] = Dev.services.filter { $0 != "monitoring" }.map {
                "\($0)=127.0.0.1:\(ServiceConfiguration.defaultPorts[$0]!.health)"
            }.joined(separator: ",")
            // An incident opens a support ticket in Ticket: a platform incident, under no member.
            environment["VDXP_TICKET_ADDRESS"] = "127.0.0.1:7400"
            // Ticket's escalations for the operator group are e-mailed to the dev relay (see `vdxp mail`).
            environment["VDXP_MONITORING_OPERATOR_EMAILS"] = "vanhanh@vdxp.test"
        }
        // Exchange reports members' reads, polls and streams to Monitoring as activity (RecordMemberActivity).
        if service == "exchange" { environment["VDXP_MONITORING_ADDRESS"] = "127.0.0.1:7300" }
        // Ticket hands its alerts (answers, escalations, maintenance, notices) to Monitoring's SubmitAlert.
        if service == "ticket" { environment["VDXP_MONITORING_ADDRESS"] = "127.0.0.1:7300" }
        // Report counts Exchange's journal into its figures, and reads connection uptime from Monitoring and SLA
        // figures from Ticket.
        if service == "report" {
            environment["VDXP_EXCHANGE_ADDRESS"] = "127.0.0.1:7200"
            environment["VDXP_MONITORING_ADDRESS"] = "127.0.0.1:7300"
            environment["VDXP_TICKET_ADDRESS"] = "127.0.0.1:7400"
        }
        // Search indexes Exchange's journal.
        if service == "search" { environment["VDXP_EXCHANGE_ADDRESS"] = "127.0.0.1:7200" }
        return environment
    }

    /// Waits (at most 60 s) until the service's plaintext health listener answers SERVING for the server (`""`) and
    /// for every named gRPC service it reports (the service definition's `healthServiceNames`, e.g.
    /// `vdxp.exchange.v1.ExchangeService`, which stays NOT_SERVING until the service holds a global configuration).
    static func waitForHealth(
        _ cluster: ClusterFile, service: String, out: Output, supervisor: ProcessSupervisor
    ) async throws {
        guard let text = cluster.services[service]?.health, let address = HostAndPort(text) else { return }
        let deadline = ContinuousClock.now + .seconds(60)
        var last = "no answer from its health listener \(address)"
        while ContinuousClock.now < deadline {
            if try supervisor.hasExited(service) {
                throw CLIError("vdxp-\(service) exited; see \(supervisor.logPath(service))")
            }
            do {
                let statuses = try await HealthProbe.statuses(address)
                let waiting = statuses.filter { $0.value != .serving }.keys.sorted()
                if waiting.isEmpty {
                    let named = statuses.keys.filter { !$0.isEmpty }.sorted()
                    let detail = named.isEmpty ? "" : " and " + named.joined(separator: ", ")
                    out.done("vdxp-\(service) SERVING (health \(address): server\(detail))")
                    return
                }
                last = waiting.map { "\($0.isEmpty ? "the server" : $0) is \(statuses[$0]!)" }
                    .joined(separator: ", ")
            } catch {
                last = "health \(address): \(error)"
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CLIError(
            "vdxp-\(service) did not become SERVING within 60 s (\(last)); see \(supervisor.logPath(service))")
    }
}

/// Asks a plaintext `grpc.health.v1` listener for the states it serves.
enum HealthProbe {
    /// The state of the server (`""`) and of each named gRPC service, from `List`, then confirmed name by name with
    /// `Check` (the call the Kubernetes and Compose probes make). A name that `Check` does not know counts as
    /// SERVICE_UNKNOWN.
    static func statuses(
        _ address: HostAndPort
    ) async throws -> [String: Grpc_Health_V1_HealthCheckResponse.ServingStatus] {
        let transport = try TransportFactory.plaintextClient(target: address)
        return try await withGRPCClient(transport: transport) { client in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            let options = CallOptions.defaults.with { $0.timeout = .seconds(2) }
            let listed = try await health.list(.init(), options: options).statuses
            var statuses: [String: Grpc_Health_V1_HealthCheckResponse.ServingStatus] = [:]
            for name in Set(listed.keys).union([""]) {
                do {
                    statuses[name] = try await health.check(.with { $0.service = name }, options: options).status
                } catch let error as RPCError where error.code == .notFound {
                    statuses[name] = .serviceUnknown
                }
            }
            return statuses
        }
    }
}

extension CallOptions {
    func with(_ change: (inout CallOptions) -> Void) -> CallOptions {
        var copy = self
        change(&copy)
        return copy
    }
}

/// Progress for people, or nothing (for --json).
struct Output {
    let json: Bool
    func step(_ text: String) { if !json { print("… \(text)") } }
    func done(_ text: String) { if !json { print("✓ \(text)") } }
    func line(_ text: String) { if !json { print(text) } }
}
