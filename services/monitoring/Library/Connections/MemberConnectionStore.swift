import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Members' connections now (`monitoring.member_connections`): one row per member Monitoring has seen, in the global
/// configuration or by its activity.
struct MemberConnectionStore: Sendable {
    let database: Database
    let logger: Logger

    private static let columns =
        "organisation_id, state, state_since, expected_since, last_activity_time, last_heartbeat_time, system"

    private typealias Columns = (
        String, Vdxp_Monitoring_V1_ConnectionState, Date, Date?, Date?, Date?, String
    )

    private static func row(_ columns: Columns) -> MemberConnectionRow {
        MemberConnectionRow(
            organisationID: columns.0, state: columns.1, stateSince: columns.2, expectedSince: columns.3,
            lastActivityTime: columns.4, lastHeartbeatTime: columns.5, system: columns.6)
    }

    private func rows(_ query: PostgresQuery, on connection: PostgresConnection?) async throws
        -> [MemberConnectionRow]
    {
        var rows: [MemberConnectionRow] = []
        for try await columns in try await database.query(query, on: connection, logger: logger).decode(
            Columns.self)
        {
            rows.append(Self.row(columns))
        }
        return rows
    }

    /// Every member's row, by organisation id.
    func all(on connection: PostgresConnection? = nil) async throws -> [MemberConnectionRow] {
        try await rows(
            "SELECT \(unescaped: Self.columns) FROM monitoring.member_connections ORDER BY organisation_id",
            on: connection)
    }

    /// One member's row, if Monitoring has seen it.
    func row(_ organisationID: String, on connection: PostgresConnection? = nil) async throws
        -> MemberConnectionRow?
    {
        try await rows(
            """
            SELECT \(unescaped: Self.columns) FROM monitoring.member_connections
            WHERE organisation_id = \(organisationID)
            """, on: connection
        ).first
    }

    /// A page of rows after `after` (by organisation id), optionally in one state.
    func page(
        state: Vdxp_Monitoring_V1_ConnectionState?, after: String, limit: Int
    ) async throws -> [MemberConnectionRow] {
        try await rows(
            """
            SELECT \(unescaped: Self.columns) FROM monitoring.member_connections
            WHERE organisation_id > \(after) AND (\(state == nil) OR state = \(state ?? .unspecified))
              AND state <> \(Vdxp_Monitoring_V1_ConnectionState.unspecified)
            ORDER BY organisation_id LIMIT \(limit)
            """, on: nil)
    }

    /// Locks the member's row for the caller's transaction, creating it (not yet evaluated) if there is none.
    func lock(_ organisationID: String, creatingAt now: Date, on connection: PostgresConnection) async throws
        -> MemberConnectionRow
    {
        let new = MemberConnectionRow.new(organisationID, at: now)
        try await database.query(
            """
            INSERT INTO monitoring.member_connections (organisation_id, state, state_since)
            VALUES (\(organisationID), \(new.state), \(now))
            ON CONFLICT (organisation_id) DO NOTHING
            """, on: connection, logger: logger)
        let locked = try await rows(
            """
            SELECT \(unescaped: Self.columns) FROM monitoring.member_connections
            WHERE organisation_id = \(organisationID) FOR UPDATE
            """, on: connection)
        return locked.first ?? new
    }

    /// Writes `row` back (inside the transaction that locked it).
    func save(_ row: MemberConnectionRow, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE monitoring.member_connections
            SET state = \(row.state), state_since = \(row.stateSince), expected_since = \(row.expectedSince),
                last_activity_time = \(row.lastActivityTime), last_heartbeat_time = \(row.lastHeartbeatTime),
                system = \(row.system)
            WHERE organisation_id = \(row.organisationID)
            """, on: connection, logger: logger)
    }
}
