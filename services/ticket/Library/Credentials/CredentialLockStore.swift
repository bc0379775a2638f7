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

    /// The ticket of a report of `username` of `organisationID` whose ticket is still open, and when its lock took
    /// effect (nil: not yet), if there is one.
    func openReport(of organisationID: String, username: String, on connection: PostgresConnection) async throws
        -> (ticketID: String, lockTime: Date?)?
    {
        let row = try await database.query(
            """
            SELECT l.ticket_id, l.lock_time
            FROM ticket.credential_locks l JOIN ticket.tickets t ON t.ticket_id = l.ticket_id
            WHERE l.organisation_id = \(organisationID) AND l.username = \(username)
              AND t.state = ANY(\(TicketLifecycle.openStates))
            ORDER BY t.receive_time DESC LIMIT 1
            """, on: connection, logger: logger
        ).collect().first
        guard let (ticketID, lockTime) = try row?.decode((String, Date?).self) else { return nil }
        return (ticketID, lockTime)
    }

    /// Claims up to `limit` locks not made yet and due at `now`, in one short statement (its own transaction):
    /// rows another replica is claiming are skipped (`FOR UPDATE SKIP LOCKED`), and each claimed row is not due again
    /// before `now + lease`, so that Central is called with no transaction open and by one replica at a time.
    func claim(now: Date, lease: TimeInterval, limit: Int) async throws -> [PendingLock] {
        let rows = try await database.query(
            """
            UPDATE ticket.credential_locks AS l SET next_attempt_time = \(now.addingTimeInterval(lease))
            FROM (
                SELECT ticket_id FROM ticket.credential_locks
                WHERE lock_time IS NULL AND refuse_time IS NULL AND next_attempt_time <= \(now)
                ORDER BY next_attempt_time LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ) AS due
            WHERE l.ticket_id = due.ticket_id
            RETURNING l.ticket_id, l.organisation_id, l.username, l.attempts
            """, logger: logger)
        var locks: [PendingLock] = []
        for try await (ticketID, organisationID, username, attempts) in rows.decode((String, String, String, Int).self)
        {
            locks.append(
                PendingLock(ticketID: ticketID, organisationID: organisationID, username: username, attempts: attempts))
        }
        return locks
    }

    /// The lock for `ticketID` took effect at `time`; false when another replica recorded an outcome first.
    @discardableResult
    func markLocked(_ ticketID: String, at time: Date, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE ticket.credential_locks SET lock_time = \(time), attempts = attempts + 1, last_error = ''
            WHERE ticket_id = \(ticketID) AND lock_time IS NULL AND refuse_time IS NULL
            RETURNING ticket_id
            """, on: connection, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// The lock for `ticketID` cannot be made (Central has no such account of the member): it is not tried again.
    /// False when another replica recorded an outcome first.
    func markRefused(_ ticketID: String, error: String, at time: Date, on connection: PostgresConnection)
        async throws -> Bool
    {
        let rows = try await database.query(
            """
            UPDATE ticket.credential_locks SET refuse_time = \(time), attempts = attempts + 1, last_error = \(error)
            WHERE ticket_id = \(ticketID) AND lock_time IS NULL AND refuse_time IS NULL
            RETURNING ticket_id
            """, on: connection, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// The lock for `ticketID` failed with `error`; tried again at `next`.
    func markFailed(_ ticketID: String, error: String, next: Date) async throws {
        try await database.query(
            """
            UPDATE ticket.credential_locks SET attempts = attempts + 1, last_error = \(error),
                next_attempt_time = \(next)
            WHERE ticket_id = \(ticketID) AND lock_time IS NULL AND refuse_time IS NULL
            """, logger: logger)
    }
}
