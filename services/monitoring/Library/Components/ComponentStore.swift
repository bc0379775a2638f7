import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The platform's components as the last probes found them (`monitoring.components`).
struct ComponentStore: Sendable {
    let database: Database
    let logger: Logger

    /// Locks component `name`'s row for the caller's transaction, creating it from `first` (the first probe's
    /// finding) if there is none; returns its standing.
    func lock(
        _ name: String, target: String, first: ProbeResult, at now: Date, on connection: PostgresConnection
    ) async throws -> ComponentRule.Standing {
        try await database.query(
            """
            INSERT INTO monitoring.components (name, target, state, state_since, last_probe_time, detail)
            VALUES (\(name), \(target), \(first.state), \(now), \(now), '')
            ON CONFLICT (name) DO NOTHING
            """, on: connection, logger: logger)
        for try await row in try await database.query(
            """
            SELECT state, state_since, failures_in_a_row, open_incident_id FROM monitoring.components
            WHERE name = \(name) FOR UPDATE
            """, on: connection, logger: logger
        ).decode((Vdxp_Monitoring_V1_ComponentState, Date, Int32, Int64?).self) {
            return ComponentRule.Standing(
                state: row.0, stateSince: row.1, failuresInARow: Int(row.2), openIncidentID: row.3)
        }
        return ComponentRule.Standing(state: first.state, stateSince: now, failuresInARow: 0, openIncidentID: nil)
    }

    /// Takes the probe round for this replica if the last round, by any replica, started at least `minimumGap` ago
    /// by the database's clock (``ComponentProber``); false when another replica probed just now.
    func claimRound(minimumGap: Duration) async throws -> Bool {
        let seconds = Double(minimumGap.components.seconds) + Double(minimumGap.components.attoseconds) / 1e18
        let rows = try await database.query(
            """
            INSERT INTO monitoring.probe_rounds AS r (id, last_round_time) VALUES (1, clock_timestamp())
            ON CONFLICT (id) DO UPDATE SET last_round_time = EXCLUDED.last_round_time
            WHERE r.last_round_time <= EXCLUDED.last_round_time - make_interval(secs => \(seconds))
            RETURNING 1
            """, on: nil, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// Saves the standing after a probe at `now`.
    func save(
        _ name: String, target: String, standing: ComponentRule.Standing, detail: String, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE monitoring.components
            SET target = \(target), state = \(standing.state), state_since = \(standing.stateSince),
                last_probe_time = \(now), detail = \(detail), failures_in_a_row = \(Int32(standing.failuresInARow)),
                open_incident_id = \(standing.openIncidentID)
            WHERE name = \(name)
            """, on: connection, logger: logger)
    }

    /// Every component, by name.
    func all() async throws -> [Vdxp_Monitoring_V1_Component] {
        var components: [Vdxp_Monitoring_V1_Component] = []
        for try await row in try await database.query(
            """
            SELECT name, target, state, state_since, last_probe_time, detail, open_incident_id
            FROM monitoring.components ORDER BY name
            """, on: nil, logger: logger
        ).decode((String, String, Vdxp_Monitoring_V1_ComponentState, Date, Date, String, Int64?).self) {
            components.append(
                .with {
                    $0.name = row.0
                    $0.target = row.1
                    $0.state = row.2
                    $0.stateSince = .init(date: row.3)
                    $0.lastProbeTime = .init(date: row.4)
                    $0.detail = row.5
                    $0.openIncidentID = row.6 ?? 0
                })
        }
        return components
    }
}
