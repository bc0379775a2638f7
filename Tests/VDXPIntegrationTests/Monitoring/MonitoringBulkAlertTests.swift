import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPMonitoring

/// One change told to many members — a provider's service to each of its thousands of consumers (Art. 19.1) — is
/// raised 500 alerts a statement, each once under its key.
@Suite("Monitoring: one change raised for thousands of members at once", .timeLimit(.minutes(5)))
struct MonitoringBulkAlertTests {
    static func alert(to member: Int) -> NewAlert {
        NewAlert(
            kind: .serviceStateChanged, severity: .warning,
            organisationID: String(format: "000.00.%02d.H%02d", member / 90, 10 + member % 90),
            serviceID: 7, sourceKey: "service:7:UNAVAILABLE:\(member):1800000000",
            summary: "VDXP: dịch vụ tạm thời không sử dụng được", detail: "…", notifyDue: nil)
    }

    @Test("1,200 members' alerts are raised once each, in the inbox only; raising them again raises none")
    func raisedOnceEach() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let store = AlertStore(database: database, logger: logger)
            let alerts = (0..<1_200).map(Self.alert(to:))
            let now = Date()
            let raised = try await database.transaction(logger: logger) { connection in
                try await store.raise(keyed: alerts + alerts.prefix(3), at: now, on: connection)
            }
            #expect(raised == 1_200)
            let again = try await database.transaction(logger: logger) { connection in
                try await store.raise(keyed: alerts, at: now, on: connection)
            }
            #expect(again == 0)
            let rows = try await database.query(
                """
                SELECT count(DISTINCT organisation_id), count(*) FILTER (WHERE notify_due IS NULL)
                FROM monitoring.alerts WHERE service_id = 7
                """, logger: logger
            ).collect()
            let (members, inboxOnly) = try #require(rows.first).decode((Int, Int).self)
            #expect(members == 1_200)
            #expect(inboxOnly == 1_200, "no e-mail or SMS for a service's availability")
        }
    }
}
