import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// How far Report has followed Exchange's journal (`report.journal_cursor`): the sequence of the last entry counted,
/// when Exchange recorded it and when Report counted it — advanced in the same transaction as the entry's counts, so
/// that each entry counts exactly once.
struct JournalCursorStore: Sendable {
    let database: Database
    let logger: Logger

    /// The name of Exchange's journal in the cursor table.
    static let exchange = "exchange"

    /// The cursor as ``ReportStatus`` shows it.
    struct Position: Sendable, Equatable {
        /// The last sequence counted (0: none yet).
        var sequence: Int64
        /// When Exchange recorded that entry.
        var eventTime: Date?
        /// When Report counted it.
        var countTime: Date?
    }

    /// The cursor now.
    func position(on connection: PostgresConnection? = nil) async throws -> Position {
        for try await (sequence, eventTime, countTime) in try await database.query(
            """
            SELECT after_sequence, last_event_time, count_time FROM report.journal_cursor
            WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger
        ).decode((Int64, Date?, Date?).self) {
            return Position(sequence: sequence, eventTime: eventTime, countTime: countTime)
        }
        return Position(sequence: 0)
    }

    /// Locks the cursor for the caller's transaction and returns its sequence, so that two replicas never count one
    /// entry twice: the second waits, then sees the entry already counted.
    func lock(on connection: PostgresConnection) async throws -> Int64 {
        try await database.query(
            """
            INSERT INTO report.journal_cursor (journal, after_sequence) VALUES (\(Self.exchange), 0)
            ON CONFLICT (journal) DO NOTHING
            """, on: connection, logger: logger)
        for try await value in try await database.query(
            "SELECT after_sequence FROM report.journal_cursor WHERE journal = \(Self.exchange) FOR UPDATE",
            on: connection, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// Moves the cursor to `sequence`, recorded by Exchange at `eventTime`, inside the caller's transaction.
    func advance(to sequence: Int64, eventTime: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE report.journal_cursor SET after_sequence = \(sequence), last_event_time = \(eventTime),
                count_time = now()
            WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger)
    }
}
