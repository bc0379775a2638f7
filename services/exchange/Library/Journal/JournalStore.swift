import Foundation
import Logging
import NIOCore
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The journal, `exchange.journal`: every statement on it. Writers append inside their own transaction; the
/// entries are chained later, in commit order, by ``JournalChainer``, so writers never wait on one another; readers
/// see only chained entries.
struct JournalStore: Sendable {
    let database: Database
    let logger: Logger

    /// An entry not chained yet, as the chainer hashes it.
    struct UnchainedEntry: Sendable {
        var entryID: Int64
        var recordMicroseconds: Int64
        var eventType: String
        var documentID: String
        var payload: Data
    }

    // MARK: Appending

    /// The largest event payload the journal takes. Every follower (Search, Report, Monitoring, the audit) receives
    /// one entry per message, at most 4 MiB: an entry past that would stop them at its sequence for ever, and the
    /// chained journal cannot drop it. The contract's limits keep every event far below (a document's header is at
    /// most 1 MiB, `ExchangeSettings.maximumHeaderBytes`); this is the last line, should one of them ever be missed.
    static let maximumPayloadBytes = 3 * 1024 * 1024

    /// Why an event was not appended: it is larger than ``maximumPayloadBytes``.
    struct EntryTooLarge: Error, CustomStringConvertible {
        var type: String
        var documentID: String
        var bytes: Int
        var description: String {
            "a \(type) journal event of document \(documentID) has \(bytes) bytes, more than the journal's "
                + "\(JournalStore.maximumPayloadBytes): a limit on the request's fields is missing"
        }
    }

    /// The event's bytes, or ``EntryTooLarge``.
    private static func payload(of event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String) throws
        -> Data
    {
        let payload: Data = try event.serializedBytes()
        guard payload.count <= maximumPayloadBytes else {
            throw EntryTooLarge(type: type, documentID: documentID, bytes: payload.count)
        }
        return payload
    }

    /// Appends `event` about `documentID` inside the caller's transaction and wakes the chainer on commit. The entry is
    /// recorded at the time of this statement, not of the transaction's start: a streamed send's transaction begins
    /// before its chunks arrive, minutes before it ends for a slow upload, and an entry dated then reached the journal's
    /// followers looking late (Monitoring's takes an entry recorded over two minutes before it arrives for having
    /// fallen behind).
    func append(
        _ event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String, on connection: PostgresConnection
    ) async throws {
        let payload = try Self.payload(of: event, type: type, documentID: documentID)
        try await database.query(
            """
            INSERT INTO exchange.journal (event_type, document_id, payload, record_time)
            VALUES (\(type), \(documentID), \(payload), clock_timestamp())
            """, on: connection, logger: logger)
        try await ExchangeChannels.notify(ExchangeChannels.journalPending, on: connection, of: database, logger: logger)
    }

    /// Appends events about several documents in one statement (a commit group), in order, inside the caller's
    /// transaction, and wakes the chainer once on commit.
    func append(
        contentsOf entries: [(event: Vdxp_Exchange_V1_JournalEvent, type: String, documentID: String)],
        on connection: PostgresConnection
    ) async throws {
        guard !entries.isEmpty else { return }
        var rows = ValuesRows()
        for entry in entries {
            rows.startRow()
            rows.bind(entry.type)
            rows.bind(entry.documentID)
            rows.bind(try Self.payload(of: entry.event, type: entry.type, documentID: entry.documentID))
        }
        // The rows of one VALUES list are inserted in order, so their entry ids keep it.
        try await database.query(
            PostgresQuery(
                unsafeSQL: "INSERT INTO exchange.journal (event_type, document_id, payload) VALUES \(rows.sql)",
                binds: rows.binds), on: connection, logger: logger)
        try await ExchangeChannels.notify(ExchangeChannels.journalPending, on: connection, of: database, logger: logger)
    }

    // MARK: Chaining

    /// Takes the chainer's transaction-scoped advisory lock (named after its old name, the sealer, so that replicas of
    /// both versions exclude each other during an upgrade); false when another replica holds it.
    func tryLockChainer(on connection: PostgresConnection) async throws -> Bool {
        var locked = false
        for try await value in try await database.query(
            "SELECT pg_try_advisory_xact_lock(hashtext('vdxp.exchange.journal-sealer'))", on: connection, logger: logger
        ).decode(Bool.self) {
            locked = value
        }
        return locked
    }

    /// The sequence and hash of the last chained entry, or nil when nothing is chained yet.
    func lastChained(on connection: PostgresConnection) async throws -> (sequence: Int64, hash: Data)? {
        guard let row = try await database.execute(LastChained(), on: connection, logger: logger).first else {
            return nil
        }
        let (sequence, hash) = try row.decode((Int64, Data).self)
        return (sequence, hash)
    }

    private struct LastChained: PreparedStatement {
        static let sql =
            "SELECT sequence, hash FROM exchange.journal WHERE sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1"
        func makeBindings() -> PostgresBindings { PostgresBindings() }
    }

    /// Locks and returns up to `limit` unchained entries in the order they were committed.
    func lockUnchained(limit: Int, on connection: PostgresConnection) async throws -> [UnchainedEntry] {
        try await database.execute(LockUnchained(limit: limit), on: connection, logger: logger).map { row in
            let (entryID, recordMicroseconds, eventType, documentID, payload) = try row.decode(
                (Int64, Int64, String, String, Data).self)
            return UnchainedEntry(
                entryID: entryID, recordMicroseconds: recordMicroseconds, eventType: eventType,
                documentID: documentID, payload: payload)
        }
    }

    private struct LockUnchained: PreparedStatement {
        static let sql = """
            SELECT entry_id, (extract(epoch FROM record_time) * 1000000)::bigint, event_type, document_id, payload
            FROM exchange.journal
            WHERE sequence IS NULL ORDER BY entry_id LIMIT $1 FOR UPDATE
            """
        var limit: Int
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: limit) }
    }

    /// An entry's place in the chain, for ``chain(_:on:)``.
    struct ChainLink: Sendable {
        var entryID: Int64
        var sequence: Int64
        var previousHash: [UInt8]
        var hash: [UInt8]
    }

    /// Gives entries their places in the chain, in one statement whatever their number (the arrays are bound as four
    /// parameters, so the statement's text never changes and it is prepared).
    func chain(_ links: [ChainLink], on connection: PostgresConnection) async throws {
        guard !links.isEmpty else { return }
        _ = try await database.execute(Chain(links: links), on: connection, logger: logger)
    }

    private struct Chain: PreparedStatement {
        static let sql = """
            UPDATE exchange.journal AS entry
            SET sequence = link.sequence, previous_hash = link.previous_hash, hash = link.hash
            FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])
                AS link (entry_id, sequence, previous_hash, hash)
            WHERE entry.entry_id = link.entry_id
            """
        var links: [ChainLink]
        func makeBindings() -> PostgresBindings {
            PostgresBindings(
                binding: links.map(\.entryID), links.map(\.sequence), links.map { ByteBuffer(bytes: $0.previousHash) },
                links.map { ByteBuffer(bytes: $0.hash) })
        }
    }

    // MARK: Reading

    /// The sequence of the last chained entry, 0 when nothing is chained yet.
    func headSequence() async throws -> Int64 {
        for try await sequence in try await database.query(
            "SELECT coalesce(max(sequence), 0)::bigint FROM exchange.journal", logger: logger
        ).decode(Int64.self) {
            return sequence
        }
        return 0
    }

    /// Up to `limit` chained entries after `sequence`, in order.
    func entries(
        after sequence: Int64, limit: Int, on connection: PostgresConnection? = nil
    ) async throws -> [Vdxp_Exchange_V1_JournalEntry] {
        try await database.execute(EntriesAfter(sequence: sequence, limit: limit), on: connection, logger: logger)
            .map { row in
                let columns = try row.decode((Int64, Int64, String, String, Int64, Data, Data, Data).self)
                return .with {
                    $0.sequence = columns.0
                    $0.entryID = columns.1
                    $0.eventType = columns.2
                    $0.documentID = columns.3
                    $0.recordTime = .with { time in
                        time.seconds = columns.4 / 1_000_000
                        time.nanos = Int32(columns.4 % 1_000_000) * 1000
                    }
                    $0.payload = columns.5
                    $0.previousHash = columns.6
                    $0.hash = columns.7
                }
            }
    }

    private struct EntriesAfter: PreparedStatement {
        static let sql = """
            SELECT sequence, entry_id, event_type, document_id, (extract(epoch FROM record_time) * 1000000)::bigint,
                   payload, previous_hash, hash
            FROM exchange.journal WHERE sequence > $1 ORDER BY sequence LIMIT $2
            """
        var sequence: Int64
        var limit: Int
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: sequence, limit) }
    }
}
