import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The newest version of the global configuration any Exchange replica has swept with
/// (`exchange.configuration_seen`): a replica holding an older copy knows another one is ahead of it.
struct ConfigurationSeenStore: Sendable {
    let database: Database
    let logger: Logger

    /// Records that this replica holds `version`, inside the caller's transaction, and returns the newest version
    /// any replica recorded (`version` or a later one).
    func record(_ version: Int64, on connection: PostgresConnection) async throws -> Int64 {
        var newest = version
        for try await value in try await database.query(
            """
            INSERT INTO exchange.configuration_seen AS s (id, version) VALUES (1, \(version))
            ON CONFLICT (id) DO UPDATE SET version = GREATEST(s.version, EXCLUDED.version)
            RETURNING version
            """, on: connection, logger: logger
        ).decode(Int64.self) {
            newest = value
        }
        return newest
    }
}
