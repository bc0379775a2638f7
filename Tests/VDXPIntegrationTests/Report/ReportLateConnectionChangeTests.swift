import Foundation
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPMonitoring
import VDXPProto
import VDXPRuntime
import VDXPStore

/// After a downtime Monitoring catches up on Exchange's journal and records a member's return dated from its activity
/// hours back. Report read the history by change time from its last one, less an hour: such a change was never read,
/// and the member counted as down for those hours.
@Suite("Report: a connection change Monitoring records late still counts", .serialized, .timeLimit(.minutes(6)))
struct ReportLateConnectionChangeTests {
    @Test("a change recorded now but dated three hours back reaches Report's history")
    func lateChange() async throws {
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: ManualClock(), channels: .none) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listConnectionChanges(.init()).changes.count >= 3
                    }
                }
                let sources = [
                    "VDXP_MONITORING_ADDRESS": monitoring.address.description, "VDXP_REPORT_SOURCES_SECONDS": "1",
                ]
                try await platform.withReport(settings: sources) { _ in
                    func kept(_ changeID: Int64? = nil) async throws -> Int {
                        try await platform.database { database in
                            try await database.query(
                                """
                                SELECT count(*) FROM report.connection_changes
                                WHERE \(changeID)::bigint IS NULL OR change_id = \(changeID)
                                """, logger: platform.logger
                            ).collect().first?.decode(Int.self) ?? 0
                        }
                    }
                    try await TestMonitoring.eventually("Report has read the history") { try await kept() >= 3 }
                    let late = try await platform.database { database in
                        try await database.query(
                            """
                            INSERT INTO monitoring.connection_changes
                                (organisation_id, previous_state, state, change_time, reason)
                            VALUES (\(TestPlatform.recipient.organisationID), 3, 1, now() - interval '3 hours',
                                    'document sent (caught up on the journal)')
                            RETURNING change_id
                            """, logger: platform.logger
                        ).collect().first?.decode(Int64.self) ?? 0
                    }
                    try await TestMonitoring.eventually("Report keeps the late change", within: .seconds(60)) {
                        try await kept(late) == 1
                    }
                }
            }
        }
    }
}
