import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SwiftProtobuf
import VDXPStore
import VDXPTrust

/// Chains committed journal entries in the order it finds them committed (`JournalChain` in VDXPTrust, layout in
/// journal.proto). One replica at a time chains, under a transaction-scoped advisory lock; writers never wait for
/// it. Woken by `exchange_journal_pending`, and every second regardless.
struct JournalSealer: Service {
    let database: Database
    let hub: NotificationHub
    let logger: Logger
    static let batchSize = 1000

    func run() async throws {
        try await hub.withSubscription(to: ExchangeChannels.journalPending) { subscription in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    // Bounded like PeriodicTask's rounds: shutdown is never held up by a batch caught in an outage.
                    while try await awaitingAtMost(.seconds(60), { try await self.sealBatch() }) == Self.batchSize {}
                } catch {
                    logger.error("cannot chain the journal", metadata: ["error": "\(error)"])
                }
                let woken = await cancelWhenGracefulShutdown {
                    await subscription.wait(timeout: .seconds(1))
                }
                // Notifications stopped (shutdown has begun elsewhere): keep chaining each second until told to stop.
                if !woken { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) } }
            }
        }
    }

    /// Chains up to `batchSize` entries; returns how many.
    func sealBatch() async throws -> Int {
        try await database.transaction(logger: logger) { connection in
            var locked = false
            for try await value in try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext('vdxp.exchange.journal-sealer'))", logger: logger
            ).decode(Bool.self) {
                locked = value
            }
            guard locked else { return 0 }
            var sequence: Int64 = 0
            var previous = JournalChain.genesis
            for try await (lastSequence, lastHash) in try await connection.query(
                "SELECT sequence, hash FROM exchange.journal WHERE sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1",
                logger: logger
            ).decode((Int64, Data).self) {
                sequence = lastSequence
                previous = Array(lastHash)
            }
            var entries: [(Int64, Int64, String, String, Data)] = []
            for try await row in try await connection.query(
                """
                SELECT entry_id, (extract(epoch FROM record_time) * 1000000)::bigint, event_type, document_id, payload FROM exchange.journal
                WHERE sequence IS NULL ORDER BY entry_id LIMIT \(Self.batchSize) FOR UPDATE
                """, logger: logger
            ).decode((Int64, Int64, String, String, Data).self) {
                entries.append(row)
            }
            for (entryID, recordMicros, eventType, documentID, payload) in entries {
                sequence += 1
                let hash = JournalChain.entryHash(
                    previous: previous, sequence: sequence, entryID: entryID, eventType: eventType,
                    documentID: documentID, recordedAtMicroseconds: recordMicros,
                    payload: Array(payload))
                try await connection.query(
                    """
                    UPDATE exchange.journal SET sequence = \(sequence), previous_hash = \(Data(previous)), hash = \(Data(hash))
                    WHERE entry_id = \(entryID)
                    """, logger: logger)
                previous = hash
            }
            if !entries.isEmpty {
                try await connection.query("SELECT pg_notify(\(ExchangeChannels.journalChained), '')", logger: logger)
            }
            return entries.count
        }
    }
}
