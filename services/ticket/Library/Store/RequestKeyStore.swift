import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// The `request_id`s callers mark their calls with (`ticket.request_keys`), each with what its call made: a retry of
/// a call whose answer was lost finds the ticket, window or notice of the first attempt instead of making another.
/// A key is kept ``keptFor`` (30 days): far longer than any client retries a call, and the table does not grow with
/// every call for ever.
struct RequestKeyStore: Sendable {
    let database: Database
    let logger: Logger

    /// How long a key is kept after its call.
    static let keptFor: Duration = .seconds(30 * 86_400)

    /// Deletes the keys recorded before `cutoff`, at most `limit`, oldest first; returns how many.
    func delete(recordedBefore cutoff: Date, limit: Int) async throws -> Int {
        var deleted = 0
        for try await _ in try await database.query(
            """
            DELETE FROM ticket.request_keys WHERE (owner, request_id) IN (
                SELECT owner, request_id FROM ticket.request_keys WHERE record_time < \(cutoff)
                ORDER BY record_time LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING 1
            """, logger: logger
        ).decode(Int32.self) {
            deleted += 1
        }
        return deleted
    }

    /// What an earlier call made.
    struct Earlier: Sendable, Equatable {
        /// The RPC the key was used with, e.g. `AnnounceMaintenance`.
        var method: String
        /// The id of what it made, e.g. `MW-2026-0007`.
        var resourceID: String
    }

    /// Claims `requestID` of `owner` for a call of `method` in `connection`'s transaction, or returns what the call
    /// that claimed it before made. A concurrent call with the same key waits for this transaction: it finds what
    /// this one made once it commits, or claims the key itself if it rolls back. Finish a claim with
    /// ``record(_:owner:requestID:on:)`` in the same transaction.
    func claim(
        _ requestID: String, owner: String, method: String, on connection: PostgresConnection
    ) async throws -> Earlier? {
        // On a conflict the statement waits for the transaction that holds the key and then locks and returns its
        // row (a no-op update, so that RETURNING sees it); xmax = 0 only on a row this statement inserted.
        let rows = try await database.query(
            """
            INSERT INTO ticket.request_keys AS k (owner, request_id, method, resource_id)
            VALUES (\(owner), \(requestID), \(method), '')
            ON CONFLICT (owner, request_id) DO UPDATE SET owner = k.owner
            RETURNING k.xmax = 0 AS claimed, k.method, k.resource_id
            """, on: connection, logger: logger)
        for try await (claimed, method, resourceID) in rows.decode((Bool, String, String).self) {
            return claimed ? nil : Earlier(method: method, resourceID: resourceID)
        }
        return nil
    }

    /// Records what the call that claimed `requestID` made.
    func record(
        _ resourceID: String, owner: String, requestID: String, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE ticket.request_keys SET resource_id = \(resourceID)
            WHERE owner = \(owner) AND request_id = \(requestID)
            """, on: connection, logger: logger)
    }
}
