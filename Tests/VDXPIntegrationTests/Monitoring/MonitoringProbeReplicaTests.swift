import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Production runs three Monitoring replicas, each with its prober. A component is still probed once an interval —
/// "2 failed probes in a row" means two intervals, not one blip seen by two replicas — and an outage of the database,
/// which every replica sees, is one incident, one ticket and one pair of alerts to the members.
@Suite("Monitoring: three replicas probe the components as one", .timeLimit(.minutes(5)))
struct MonitoringProbeReplicaTests {
    static let interval: Duration = .seconds(60)

    static func prober(
        _ database: Database, logger: Logger, clock: ManualClock, targets: [ComponentTarget] = []
    ) -> ComponentProber {
        ComponentProber(
            targets: targets, databaseTarget: "127.0.0.1:5432", database: database,
            components: ComponentStore(database: database, logger: logger),
            incidents: IncidentStore(database: database, logger: logger),
            alerts: AlertStore(database: database, logger: logger), ticketing: nil,
            rule: ComponentRule(failuresBeforeIncident: 2),
            outageNotice: OutageNotice(components: OutageNotice.defaultComponents, after: .seconds(300)),
            interval: interval, timeout: .seconds(5),
            clock: clock.wallClock, logger: logger)
    }

    @Test("three replicas' rounds within one interval count a silent component's failure once, and open nothing")
    func oneRoundPerInterval() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let clock = ManualClock()
            let silent = ComponentTarget(
                name: "ticket",
                address: HostAndPort(host: "127.0.0.1", port: try LoopbackPorts.freeOutsideEphemeralRange()))
            let replicas = (0..<3).map { _ in Self.prober(database, logger: logger, clock: clock, targets: [silent]) }
            for replica in replicas {
                try await replica.probeRound()
            }
            let rows = try await database.query(
                "SELECT failures_in_a_row, open_incident_id FROM monitoring.components WHERE name = 'ticket'",
                logger: logger
            ).collect()
            let (failures, incident) = try #require(rows.first).decode((Int32, Int64?).self)
            #expect(failures == 1, "one interval, one probe counted")
            #expect(incident == nil, "two replicas seeing one blip is not two failed probes in a row")
        }
    }

    @Test("an outage of the database seen by three replicas is one incident and one COMPONENT_DOWN alert")
    func databaseOutageRecordedOnce() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let clock = ManualClock()
            let began = clock.now
            clock.advance(by: 120)
            for index in 0..<3 {
                // Each replica saw the outage from its own first failed probe.
                let missed = DatabaseOutage.Missed(
                    since: began.addingTimeInterval(Double(index) * 5), failedProbes: 7, detail: "SELECT 1 failed")
                try await Self.prober(database, logger: logger, clock: clock).recordPastOutage(
                    missed, now: clock.now.addingTimeInterval(Double(index)))
            }
            let incidents = try await database.query(
                "SELECT count(*) FROM monitoring.incidents WHERE component = 'database'", logger: logger
            ).collect()
            #expect(try incidents.first?.decode(Int.self) == 1)
            let alerts = try await database.query(
                "SELECT count(*) FROM monitoring.alerts WHERE component = 'database'", logger: logger
            ).collect()
            #expect(try alerts.first?.decode(Int.self) == 2, "COMPONENT_DOWN and COMPONENT_RECOVERED, once each")
        }
    }
}
