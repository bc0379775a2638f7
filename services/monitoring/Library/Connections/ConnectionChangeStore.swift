import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The history of members' connection states (`monitoring.connection_changes`), kept for good: connection uptime
/// is computed from it.
struct ConnectionChangeStore: Sendable {
    let database: Database
    let logger: Logger

    /// Records `change` inside the caller's transaction and returns its id.
    @discardableResult
    func append(_ change: ConnectionChangeDraft, on connection: PostgresConnection) async throws -> Int64 {
        var id: Int64 = 0
        for try await value in try await database.query(
            """
            INSERT INTO monitoring.connection_changes (organisation_id, previous_state, state, change_time, reason)
            VALUES (\(change.organisationID), \(change.previousState), \(change.state), \(change.changeTime),
                    \(change.reason))
            RETURNING change_id
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            id = value
        }
        return id
    }

    /// Changes after change `after`, oldest first, of one member (nil: all), with a change time in
    /// [`start`, `end`) and recorded at or after `recordedSince` (nil: any time).
    func changes(
        organisationID: String?, start: Date?, end: Date?, recordedSince: Date? = nil, after: Int64, limit: Int
    ) async throws -> [Vdxp_Monitoring_V1_ConnectionChange] {
        let rows = try await database.query(
            """
            SELECT change_id, organisation_id, previous_state, state, change_time, reason, record_time
            FROM monitoring.connection_changes
            WHERE change_id > \(after)
              AND (\(organisationID)::text IS NULL OR organisation_id = \(organisationID))
              AND (\(start)::timestamptz IS NULL OR change_time >= \(start))
              AND (\(end)::timestamptz IS NULL OR change_time < \(end))
              AND (\(recordedSince)::timestamptz IS NULL OR record_time >= \(recordedSince))
            ORDER BY change_id LIMIT \(limit)
            """, on: nil, logger: logger)
        var changes: [Vdxp_Monitoring_V1_ConnectionChange] = []
        for try await row in rows.decode(
            (Int64, String, Vdxp_Monitoring_V1_ConnectionState, Vdxp_Monitoring_V1_ConnectionState, Date, String, Date)
                .self)
        {
            changes.append(
                .with {
                    $0.changeID = row.0
                    $0.organisationID = row.1
                    $0.previousState = row.2
                    $0.state = row.3
                    $0.changeTime = .init(date: row.4)
                    $0.reason = row.5
                    $0.recordTime = .init(date: row.6)
                })
        }
        return changes
    }
}
