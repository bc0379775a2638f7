import Foundation
import GRPCCore
import GRPCNIOTransportCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 4.1.g for the platform itself: Monitoring probes each service's health listener and the database; a
/// component that stops serving opens an incident and a platform-wide alert; its recovery closes them.
@Suite("Monitoring: platform components", .timeLimit(.minutes(10)))
struct MonitoringComponentTests {
    @Test("a service that stops serving opens an incident every member is told of; its recovery closes it")
    func incidentOpensAndCloses() async throws {
        try await TestPlatform.with { platform in
            try await MonitoringComponentTests.withHealthServer { board, port in
                let exchange = try await platform.exchangeHost.addresses().health
                let settings = [
                    "VDXP_MONITORING_COMPONENTS": "exchange=\(exchange),ticket=127.0.0.1:\(port),report=127.0.0.1:1",
                    "VDXP_MONITORING_PROBE_SECONDS": "1", "VDXP_MONITORING_INCIDENT_AFTER_FAILURES": "2",
                    // A loaded test machine can take seconds to answer a health check; only the health board's
                    // answer may open this test's incident (CI once saw the 3 s default time out twice in a row).
                    "VDXP_MONITORING_PROBE_TIMEOUT_SECONDS": "30",
                ]
                let clock = ManualClock()
                try await platform.withMonitoring(clock: clock, channels: .none, settings: settings) { monitoring in
                    func components() async throws -> [String: Vdxp_Monitoring_V1_Component] {
                        let list = try await monitoring.operatorClient.monitoring {
                            try await $0.listComponents(.init()).components
                        }
                        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
                    }
                    try await TestMonitoring.eventually("every component is probed, the lost one twice") {
                        let all = try await components()
                        return all["exchange"]?.state == .serving && all["ticket"]?.state == .serving
                            && all["database"]?.state == .serving && all["report"]?.openIncidentID ?? 0 > 0
                    }
                    #expect(try await components()["report"]?.state == .unreachable)
                    #expect(try await components()["ticket"]?.target == "127.0.0.1:\(port)")

                    board.set(.notServing, for: "")
                    try await TestMonitoring.eventually("the ticket service's incident opens") {
                        try await components()["ticket"]?.openIncidentID ?? 0 > 0
                    }
                    #expect(try await components()["ticket"]?.state == .notServing)
                    let open = try await monitoring.operatorClient.monitoring {
                        try await $0.listIncidents(.with { $0.openOnly = true }).incidents
                    }
                    #expect(Set(open.map(\.component)) == ["ticket", "report"])
                    #expect(open.allSatisfy { !$0.hasCloseTime })

                    board.set(.serving, for: "")
                    try await TestMonitoring.eventually("the ticket service's incident closes") {
                        try await components()["ticket"]?.openIncidentID == 0
                    }
                    let all = try await monitoring.operatorClient.monitoring {
                        try await $0.listIncidents(.init()).incidents
                    }
                    let ticket = try #require(all.first { $0.component == "ticket" })
                    #expect(ticket.hasCloseTime)
                    #expect(ticket.description_p.contains("NOT_SERVING"))

                    // Platform-wide: a member sees the component alerts in its inbox.
                    let kinds = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.listAlerts(.init()).alerts.filter { $0.component == "ticket" }.map(\.kind)
                    }
                    #expect(kinds == [.componentRecovered, .componentDown])
                    let refused = await statusCode {
                        _ = try await monitoring.member(TestPlatform.recipient).monitoring {
                            try await $0.listComponents(.init())
                        }
                    }
                    #expect(refused == .permissionDenied)
                }
            }
        }
    }
}

extension MonitoringComponentTests {
    @Test(
        "PostgreSQL stopped for several probes, then started: a database incident opened at the first failed probe, closed on its return, and both alerts"
    )
    func databaseOutageIncident() async throws {
        try await TestPlatform.with { platform in
            let settings = [
                "VDXP_MONITORING_PROBE_SECONDS": "1", "VDXP_MONITORING_INCIDENT_AFTER_FAILURES": "2",
                "VDXP_MONITORING_PROBE_TIMEOUT_SECONDS": "2",
            ]
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none, settings: settings) { monitoring in
                func incidents() async throws -> [Vdxp_Monitoring_V1_Incident] {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listIncidents(.init()).incidents.filter { $0.component == "database" }
                    }
                }
                try await TestMonitoring.eventually("the database is probed and serving") {
                    let components = try await monitoring.operatorClient.monitoring {
                        try await $0.listComponents(.init()).components
                    }
                    return components.first { $0.name == "database" }?.state == .serving
                }
                #expect(try await incidents().isEmpty)
                let before = clock.now

                // Stopped for several probes (one a second); the manual clock moves a minute during the outage.
                try await platform.cluster.stop()
                try await Task.sleep(for: .seconds(5))
                clock.advance(by: 60)
                try await Task.sleep(for: .seconds(2))
                try await platform.startDatabase()

                var found: [Vdxp_Monitoring_V1_Incident] = []
                try await TestMonitoring.eventually("the outage is recorded once the database is back") {
                    found = (try? await incidents()) ?? []
                    return !found.isEmpty
                }
                #expect(found.count == 1, "one incident for one outage: \(found)")
                let incident = try #require(found.first)
                #expect(incident.hasCloseTime, "closed: the database is back")
                // (Times round-trip through PostgreSQL's microseconds: a second's slack.)
                #expect(incident.openTime.date >= before.addingTimeInterval(-1))
                #expect(incident.openTime.date < before.addingTimeInterval(60), "opened at the first failed probe")
                #expect(incident.closeTime.date >= before.addingTimeInterval(59), "closed when it came back")
                #expect(incident.description_p.contains("probes in a row"), "\(incident.description_p)")
                let open = try await monitoring.operatorClient.monitoring {
                    try await $0.listIncidents(.with { $0.openOnly = true }).incidents
                }
                #expect(!open.contains { $0.component == "database" })
                // Platform-wide: a member reads the outage and the recovery in its inbox.
                let kinds = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.component == "database" }.map(\.kind)
                }
                #expect(kinds == [.componentRecovered, .componentDown])
                let components = try await monitoring.operatorClient.monitoring {
                    try await $0.listComponents(.init()).components
                }
                #expect(components.first { $0.name == "database" }?.state == .serving)
            }
        }
    }
}

extension MonitoringComponentTests {
    /// Runs `body` with a plaintext health server on a free loopback port, SERVING until `body` changes its board,
    /// standing for a component Monitoring probes; stops it gracefully after.
    static func withHealthServer(_ body: (HealthStatusBoard, Int) async throws -> Void) async throws {
        let board = HealthStatusBoard(services: [])
        board.set(.serving, for: "")
        let server = GRPCServer(
            transport: TransportFactory.plaintextServer(address: HostAndPort(host: "127.0.0.1", port: 0)),
            services: [HealthService(board: board)])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            guard let port = try await server.listeningAddress?.ipv4?.port else {
                throw TestPlatformError("the test health server did not bind")
            }
            try await body(board, port)
            server.beginGracefulShutdown()
        }
    }
}
