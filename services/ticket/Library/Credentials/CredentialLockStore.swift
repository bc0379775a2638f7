import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The account locks Ticket owes Central after a lost or stolen credential report (Art. 16.5)
/// (`ticket.credential_locks`): written with the report's ticket, done at once when Central answers, otherwise by
/// ``CredentialLockRetrier`` until it does.
struct CredentialLockStore: Sendable {
    let database: Database
    let logger: Logger

    /// A lock to make.
    struct PendingLock: Sendable, Hashable {
        var ticketID: String
        var organisationID: String
        var username: String
        var attempts: Int
    }

    /// Records the lock owed for `ticketID`.
    func insert(
        ticketID: String, organisationID: String, username: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO ticket.credential_locks (ticket_id, organisation_id, username, next_attempt_time)
            VALUES (\(ticketID), \(organisationID), \(username), \(now))
            """, on: connection, logger: logger)
    }

    /// Up to `limit` locks not made yet and due at `now`, locked and skipped by other replicas.
    func due(now: Date, limit: Int, on connection: PostgresConnection) async throws -> [PendingLock] {
        let rows = try await database.query(
            """
            SELECT ticket_id, organisation_id, username, attempts FROM ticket.credential_locks
            WHERE lock_time IS NULL AND next_attempt_time <= \(now)
            ORDER BY next_attempt_time LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """, on: connection, logger: logger)
        var locks: [PendingLock] = []
        for try await (ticketID, organisationID, username, attempts) in rows.decode((String, String, String, Int).self)
        {
            locks.append(
                PendingLock(ticketID: ticketID, organisationID: organisationID, username: username, attempts: attempts))
        }
        return locks
    }

    /// The lock for `ticketID` took effect at `time`.
    func markLocked(_ ticketID: String, at time: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE ticket.credential_locks SET lock_time = \(time), attempts = attempts + 1, last_error = ''
            WHERE ticket_id = \(ticketID)
            """, on: connection, logger: logger)
    }

    /// The lock for `ticketID` failed with `error`; tried again at `next`.
    func markFailed(_ ticketID: String, error: String, next: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE ticket.credential_locks SET attempts = attempts + 1, last_error = \(error),
                next_attempt_time = \(next)
            WHERE ticket_id = \(ticketID)
            """, on: connection, logger: logger)
    }
}
