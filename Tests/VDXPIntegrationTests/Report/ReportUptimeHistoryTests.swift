import Foundation
import Logging
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPReport

/// A period's uptime starts from each member's state as the period begins — its last connection change before it,
/// found by an index probe per member, never by reading the whole history before the period (years of it at
/// thousands of members).
@Suite("Report: uptime counts the state each member was in as the period began", .timeLimit(.minutes(5)))
struct ReportUptimeHistoryTests {
    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func change(_ id: Int64, _ member: String, _ state: Vdxp_Monitoring_V1_ConnectionState, at text: String)
        -> Vdxp_Monitoring_V1_ConnectionChange
    {
        .with {
            $0.changeID = id
            $0.organisationID = member
            $0.state = state
            $0.changeTime = Google_Protobuf_Timestamp(date: time(text))
        }
    }

    @Test("July's uptime: one member lost for 10 days after a change in June, one connected since May without a change")
    func stateBeforeThePeriodCounts() async throws {
        try await TemporaryDatabase.withDatabase(schema: "report", migrations: ReportMigrations.all) {
            database, logger in
            let store = OperationSourceStore(database: database, logger: logger)
            let (flapping, steady) = ("000.00.00.H26", "000.00.00.H29")
            try await database.transaction(logger: logger) { connection in
                try await store.insert(
                    changes: [
                        Self.change(1, steady, .connected, at: "2026-05-01T08:00:00+07:00"),
                        Self.change(2, flapping, .connected, at: "2026-06-20T08:00:00+07:00"),
                        Self.change(3, flapping, .disconnected, at: "2026-07-10T00:00:00+07:00"),
                        Self.change(4, flapping, .connected, at: "2026-07-20T00:00:00+07:00"),
                    ], on: connection)
                try await store.replace(
                    connections: [flapping, steady].map { member in
                        .with {
                            $0.organisationID = member
                            $0.state = .connected
                        }
                    }, on: connection)
            }
            let july = try FigureQuery(
                scope: .init(), start: Google_Protobuf_Timestamp(date: Self.time("2026-07-01T00:00:00+07:00")),
                end: Google_Protobuf_Timestamp(date: Self.time("2026-08-01T00:00:00+07:00")), filter: .init(),
                caller: .operator(name: "admin"))
            let figures = try await store.figures(july, now: Self.time("2026-09-01T00:00:00+07:00"))
            let uptime = try #require(figures[""]).connectionUptime
            // Up 9 days of 31, then 12 more; the other member all 31.
            let expected = ((9.0 + 12.0) / 31.0 + 1.0) / 2.0
            #expect(abs(uptime - expected) < 0.0001, "\(uptime) against \(expected)")
            let byMember = try await store.figures(july, by: "organisation_id", now: Self.time("2026-09-01T00:00:00Z"))
            #expect(abs((byMember[steady]?.connectionUptime ?? 0) - 1) < 0.0001)
        }
    }
}
