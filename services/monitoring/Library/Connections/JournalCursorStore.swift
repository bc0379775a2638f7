import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// How far Monitoring has followed Exchange's journal (`monitoring.journal_cursor`): the sequence of the last entry
/// applied, advanced in the same transaction as the entry's effect, so that each entry counts exactly once.
struct JournalCursorStore: Sendable {
    let database: Database
    let logger: Logger

    /// The name of Exchange's journal in the cursor table.
    static let exchange = "exchange"

    /// The last sequence applied (0: none yet).
    func position(on connection: PostgresConnection? = nil) async throws -> Int64 {
        for try await value in try await database.query(
            "SELECT after_sequence FROM monitoring.journal_cursor WHERE journal = \(Self.exchange)",
            on: connection, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// Locks the cursor for the caller's transaction and returns it, so that two replicas never apply one entry
    /// twice: the second waits, then sees the entry already applied.
    func lock(on connection: PostgresConnection) async throws -> Int64 {
        try await database.query(
            """
            INSERT INTO monitoring.journal_cursor (journal, after_sequence) VALUES (\(Self.exchange), 0)
            ON CONFLICT (journal) DO NOTHING
            """, on: connection, logger: logger)
        for try await value in try await database.query(
            "SELECT after_sequence FROM monitoring.journal_cursor WHERE journal = \(Self.exchange) FOR UPDATE",
            on: connection, logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    /// Moves the cursor to `sequence` inside the caller's transaction.
    func advance(to sequence: Int64, on connection: PostgresConnection) async throws {
        try await database.query(
            "UPDATE monitoring.journal_cursor SET after_sequence = \(sequence) WHERE journal = \(Self.exchange)",
            on: connection, logger: logger)
    }
}
