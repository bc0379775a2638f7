import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// How far Search has indexed Exchange's journal (`search.journal_cursor`): the sequence of the last entry applied,
/// its record time and when it was indexed, advanced in the same transaction as the entry's effect, so that each
/// entry is indexed exactly once.
struct JournalCursorStore: Sendable {
    let database: Database
    let logger: Logger

    /// The name of Exchange's journal in the cursor table.
    static let exchange = "exchange"

    /// Where the projection stands.
    struct Position: Sendable, Equatable {
        /// The last sequence applied (0: none yet).
        var afterSequence: Int64
        /// When that entry was recorded in Exchange.
        var lastEventTime: Date?
        /// When Search applied it.
        var indexTime: Date?
    }

    /// The last sequence applied (0: none yet).
    func position(on connection: PostgresConnection? = nil) async throws -> Position {
        for try await (after, eventTime, indexTime) in try await database.query(
            """
            SELECT after_sequence, last_event_time, index_time FROM search.journal_cursor
            WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger
        ).decode((Int64, Date?, Date?).self) {
            return Position(afterSequence: after, lastEventTime: eventTime, indexTime: indexTime)
        }
        return Position(afterSequence: 0)
    }

    /// Locks the cursor for the caller's transaction and returns it, so that two replicas never apply one entry
    /// twice: the second waits, then sees the entry already applied.
    func lock(on connection: PostgresConnection) async throws -> Int64 {
        try await database.query(
            """
            INSERT INTO search.journal_cursor (journal, after_sequence) VALUES (\(Self.exchange), 0)
            ON CONFLICT (journal) DO NOTHING
            """, on: connection, logger: logger)
        for try await value in try await database.query(
            "SELECT after_sequence FROM search.journal_cursor WHERE journal = \(Self.exchange) FOR UPDATE",
            on: connection, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// Moves the cursor to `sequence` (recorded at `eventTime`) inside the caller's transaction.
    func advance(to sequence: Int64, eventTime: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE search.journal_cursor
            SET after_sequence = \(sequence), last_event_time = \(eventTime), index_time = now()
            WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger)
    }

    /// Empties the index and puts the cursor back to the journal's start, in one transaction: the follower then
    /// indexes the whole journal again (the SQL of docs/operations.md, "Rebuilding Search's index", does the same;
    /// tests prove a rebuild gives the same index).
    func resetIndex() async throws {
        try await database.transaction(logger: logger) { connection in
            _ = try await lock(on: connection)
            try await database.query("DELETE FROM search.document_parties", on: connection, logger: logger)
            try await database.query("DELETE FROM search.recipients", on: connection, logger: logger)
            try await database.query("DELETE FROM search.events", on: connection, logger: logger)
            try await database.query("DELETE FROM search.documents", on: connection, logger: logger)
            try await database.query("DELETE FROM search.words", on: connection, logger: logger)
            try await database.query(
                """
                UPDATE search.journal_cursor SET after_sequence = 0, last_event_time = NULL, index_time = NULL
                WHERE journal = \(Self.exchange)
                """, on: connection, logger: logger)
        }
    }
}
