import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Incidents (`monitoring.incidents`): a component that stopped serving, from the probe that opened it to the one
/// that found it serving again.
struct IncidentStore: Sendable {
    let database: Database
    let logger: Logger

    /// Opens an incident inside the caller's transaction and returns its id.
    func open(component: String, description: String, at time: Date, on connection: PostgresConnection)
        async throws -> Int64
    {
        var id: Int64 = 0
        for try await value in try await database.query(
            """
            INSERT INTO monitoring.incidents (component, open_time, description)
            VALUES (\(component), \(time), \(description)) RETURNING incident_id
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            id = value
        }
        return id
    }

    /// Whether an incident of `component` closed at or after `time` (inside the caller's transaction): for an outage
    /// of the database, which every replica saw, whether another replica recorded it already.
    func closed(component: String, atOrAfter time: Date, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await database.query(
            """
            SELECT 1 FROM monitoring.incidents WHERE component = \(component) AND close_time >= \(time) LIMIT 1
            """, on: connection, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// Closes incident `incidentID` at `time` inside the caller's transaction.
    func close(_ incidentID: Int64, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE monitoring.incidents SET close_time = \(time)
            WHERE incident_id = \(incidentID) AND close_time IS NULL
            """, on: connection, logger: logger)
    }

    /// Incidents with ids below `before`, newest first, open ones only if `openOnly`.
    func incidents(openOnly: Bool, before: Int64, limit: Int) async throws -> [Vdxp_Monitoring_V1_Incident] {
        var incidents: [Vdxp_Monitoring_V1_Incident] = []
        for try await row in try await database.query(
            """
            SELECT incident_id, component, open_time, close_time, description, ticket_id FROM monitoring.incidents
            WHERE incident_id < \(before) AND (NOT \(openOnly) OR close_time IS NULL)
            ORDER BY incident_id DESC LIMIT \(limit)
            """, on: nil, logger: logger
        ).decode((Int64, String, Date, Date?, String, String).self) {
            incidents.append(
                .with {
                    $0.incidentID = row.0
                    $0.component = row.1
                    $0.openTime = .init(date: row.2)
                    if let closed = row.3 { $0.closeTime = .init(date: closed) }
                    $0.description_p = row.4
                    $0.ticketID = row.5
                })
        }
        return incidents
    }
}
