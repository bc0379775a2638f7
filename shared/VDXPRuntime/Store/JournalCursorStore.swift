public import Foundation
public import Logging
public import PostgresNIO
public import VDXPProto
public import VDXPStore

/// How far a projection of Exchange's journal (Monitoring, Report, Search) has applied it: the one row of its
/// service's `<schema>.journal_cursor` table — the sequence of the last entry applied, when Exchange recorded that
/// entry and when the projection applied it. The cursor is locked and advanced in the same transaction as the entries'
/// effect, so that each entry is applied exactly once on any number of replicas and across restarts.
///
/// A batch goes through it in three steps, all on the caller's transaction: ``lock(on:)`` (a second replica waits
/// here, then finds the entries applied), ``unapplied(_:after:)`` (the entries past the cursor, checked to follow it
/// without a gap), and ``advance(to:eventTime:on:)``.
public struct JournalCursorStore: Sendable {
    /// Where a service keeps its cursor: `<schema>.journal_cursor (journal text PRIMARY KEY, after_sequence bigint NOT
    /// NULL, last_event_time timestamptz, <appliedTimeColumn> timestamptz)`.
    public struct Table: Sendable {
        /// The service's schema.
        public let schema: String
        /// The column of the time the projection applied the last entry (Report counts: `count_time`; Search
        /// indexes: `index_time`; Monitoring applies: `apply_time`).
        public let appliedTimeColumn: String

        /// The cursor table of `schema`, whose applied time is `appliedTimeColumn`. Both are the service's own
        /// constants, written into the statements as they are.
        public init(schema: String, appliedTimeColumn: String) {
            self.schema = schema
            self.appliedTimeColumn = appliedTimeColumn
        }
    }

    /// Where a projection stands.
    public struct Position: Sendable, Equatable {
        /// The last sequence applied (0: none yet).
        public var sequence: Int64
        /// When Exchange recorded that entry.
        public var eventTime: Date?
        /// When the projection applied it.
        public var appliedTime: Date?

        /// A position at `sequence`.
        public init(sequence: Int64, eventTime: Date? = nil, appliedTime: Date? = nil) {
            self.sequence = sequence
            self.eventTime = eventTime
            self.appliedTime = appliedTime
        }
    }

    /// The name of Exchange's journal in the cursor table.
    public static let exchange = "exchange"

    let database: Database
    let table: Table
    let logger: Logger

    /// The cursor in `table`, read and written through `database`.
    public init(database: Database, table: Table, logger: Logger) {
        self.database = database
        self.table = table
        self.logger = logger
    }

    /// The cursor now, on `connection` (the caller's transaction) or on any pooled connection.
    public func position(on connection: PostgresConnection? = nil) async throws -> Position {
        for try await (sequence, eventTime, appliedTime) in try await database.query(
            """
            SELECT after_sequence, last_event_time, \(unescaped: table.appliedTimeColumn)
            FROM \(unescaped: table.schema).journal_cursor WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger
        ).decode((Int64, Date?, Date?).self) {
            return Position(sequence: sequence, eventTime: eventTime, appliedTime: appliedTime)
        }
        return Position(sequence: 0)
    }

    /// Locks the cursor for the caller's transaction (creating it at 0 on a fresh schema) and returns its sequence,
    /// so that two replicas never apply one entry twice: the second waits, then sees the entry applied.
    public func lock(on connection: PostgresConnection) async throws -> Int64 {
        try await database.query(
            """
            INSERT INTO \(unescaped: table.schema).journal_cursor (journal, after_sequence)
            VALUES (\(Self.exchange), 0) ON CONFLICT (journal) DO NOTHING
            """, on: connection, logger: logger)
        for try await value in try await database.query(
            """
            SELECT after_sequence FROM \(unescaped: table.schema).journal_cursor
            WHERE journal = \(Self.exchange) FOR UPDATE
            """,
            on: connection, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// Moves the cursor to `sequence`, recorded by Exchange at `eventTime` and applied now, inside the caller's
    /// transaction.
    public func advance(to sequence: Int64, eventTime: Date, on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE \(unescaped: table.schema).journal_cursor
            SET after_sequence = \(sequence), last_event_time = \(eventTime),
                \(unescaped: table.appliedTimeColumn) = now()
            WHERE journal = \(Self.exchange)
            """,
            on: connection, logger: logger)
    }

    /// Puts the cursor back to the journal's start inside the caller's transaction (which has emptied the
    /// projection): its follower applies the whole journal again.
    public func reset(on connection: PostgresConnection) async throws {
        try await database.query(
            """
            UPDATE \(unescaped: table.schema).journal_cursor
            SET after_sequence = 0, last_event_time = NULL, \(unescaped: table.appliedTimeColumn) = NULL
            WHERE journal = \(Self.exchange)
            """, on: connection, logger: logger)
    }

    /// The entries of `entries` (oldest first) that come after `sequence`, the cursor just locked. The journal has no
    /// gaps, so they must follow it one by one: an entry that skips one means the cursor moved under the stream (a
    /// rebuild put it back to 0) and throws ``JournalGapError``, after which the follower streams again from the
    /// stored cursor.
    public static func unapplied(
        _ entries: [Vdxp_Exchange_V1_JournalEntry], after sequence: Int64
    ) throws(JournalGapError) -> [Vdxp_Exchange_V1_JournalEntry] {
        var expected = sequence + 1
        var result: [Vdxp_Exchange_V1_JournalEntry] = []
        for entry in entries where entry.sequence >= expected {
            guard entry.sequence == expected else {
                throw JournalGapError(expected: expected, received: entry.sequence)
            }
            result.append(entry)
            expected += 1
        }
        return result
    }
}

/// The journal stream delivered an entry after the one the cursor expects (the cursor was put back for a rebuild, or
/// entries were skipped): the batch is not applied, and the follower streams again from the stored cursor.
public struct JournalGapError: Error, Equatable, CustomStringConvertible {
    /// The sequence the cursor expects next.
    public let expected: Int64
    /// The sequence received.
    public let received: Int64

    /// The gap between `expected` and `received`.
    public init(expected: Int64, received: Int64) {
        self.expected = expected
        self.received = received
    }

    public var description: String {
        "journal entry \(received) arrived where \(expected) was expected: following again from the stored cursor"
    }
}
