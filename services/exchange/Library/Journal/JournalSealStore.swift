import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The journal's seals, `exchange.journal_seals` (Art. 5.3): every statement on them.
struct JournalSealStore: Sendable {
    let database: Database
    let logger: Logger

    /// Takes the seal signer's transaction-scoped advisory lock; false when another replica holds it.
    func tryLockSigner(on connection: PostgresConnection) async throws -> Bool {
        var locked = false
        for try await value in try await database.query(
            "SELECT pg_try_advisory_xact_lock(hashtext('vdxp.exchange.journal-seal-signer'))", on: connection,
            logger: logger
        ).decode(Bool.self) {
            locked = value
        }
        return locked
    }

    /// The sequence of the latest seal, 0 when there is none.
    func lastSealedSequence(on connection: PostgresConnection) async throws -> Int64 {
        for try await sequence in try await database.query(
            "SELECT coalesce(max(sequence), 0)::bigint FROM exchange.journal_seals", on: connection, logger: logger
        ).decode(Int64.self) {
            return sequence
        }
        return 0
    }

    /// Stores `seal` of the entry with `sequence`, made at `time`.
    func insert(
        _ seal: Vdxp_Exchange_V1_JournalSeal, sequence: Int64, at time: Date, on connection: PostgresConnection
    ) async throws {
        let bytes = Data(try seal.serializedBytes() as [UInt8])
        try await database.query(
            """
            INSERT INTO exchange.journal_seals (sequence, seal, seal_time) VALUES (\(sequence), \(bytes), \(time))
            """, on: connection, logger: logger)
    }

    /// Up to `limit` seals of entries after `sequence`, in order.
    func seals(after sequence: Int64, limit: Int) async throws -> [Vdxp_Exchange_V1_JournalSeal] {
        var seals: [Vdxp_Exchange_V1_JournalSeal] = []
        for try await bytes in try await database.query(
            """
            SELECT seal FROM exchange.journal_seals WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """, logger: logger
        ).decode(Data.self) {
            seals.append(try Vdxp_Exchange_V1_JournalSeal(serializedBytes: bytes))
        }
        return seals
    }
}
