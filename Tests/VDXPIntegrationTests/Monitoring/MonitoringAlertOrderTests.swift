import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPMonitoring

/// `WatchAlerts` (the automatic alert API of Art. 19.1) streams the alerts after the last id a member received, and
/// promises that reconnecting from it loses nothing: so ids must follow the order in which alerts commit, whichever
/// replica or job raises them.
@Suite("Monitoring: alert ids follow the order of commits", .timeLimit(.minutes(5)))
struct MonitoringAlertOrderTests {
    @Test("an alert raised while another raising transaction is open waits for it: its id comes after, never before")
    func idsInCommitOrder() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let alerts = AlertStore(database: database, logger: logger)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            func alert(_ summary: String) -> NewAlert {
                NewAlert(
                    kind: .connectionLost, severity: .critical, organisationID: "000.00.00.H26", summary: summary,
                    detail: "…", notifyDue: nil)
            }
            let firstRaised = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let first = Task {
                try await database.transaction(logger: logger) { connection in
                    let id = try await alerts.raise(alert("first"), at: now, on: connection)
                    firstRaised.continuation.yield()
                    for await _ in release.stream { break }  // held open until the test says
                    return id
                }
            }
            for await _ in firstRaised.stream { break }
            let second = Task {
                try await database.transaction(logger: logger) { connection in
                    try await alerts.raise(alert("second"), at: now, on: connection)
                }
            }
            try await Task.sleep(for: .seconds(1))
            #expect(try await TableText.count("SELECT count(*) FROM monitoring.alerts", on: database) == 0)
            release.continuation.yield()
            let (firstID, secondID) = (try await first.value, try await second.value)
            #expect(firstID < secondID, "the later commit has the later id")
        }
    }
}
