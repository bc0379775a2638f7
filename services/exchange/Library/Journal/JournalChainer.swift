import Foundation
import Logging
import ServiceLifecycle
import VDXPRuntime
import VDXPStore
import VDXPTrust

/// Chains committed journal entries in the order it finds them committed (`JournalChain` in VDXPTrust, layout in
/// journal.proto). One replica at a time chains, under a transaction-scoped advisory lock; writers never wait for
/// it. Woken by `exchange_journal_pending`, and every second regardless.
struct JournalChainer: Service {
    let database: Database
    let journal: JournalStore
    let hub: NotificationHub
    let logger: Logger
    static let batchSize = 1000

    /// Chains batches until none is left, then waits for a notification (or a second) and chains again, until
    /// graceful shutdown.
    func run() async throws {
        try await hub.withSubscription(to: ExchangeChannels.journalPending) { subscription in
            var streak = FailureStreakLog(job: "chain the journal", logger: logger)
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    // Bounded like PeriodicTask's rounds: shutdown is never held up by a batch caught in an outage.
                    while try await awaitingAtMost(.seconds(60), { try await self.sealBatch() }) == Self.batchSize {}
                    streak.succeeded()
                } catch {
                    streak.failed(error)
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
        let journal = self.journal
        let logger = self.logger
        return try await database.transaction(logger: logger) { connection in
            guard try await journal.tryLockChainer(on: connection) else { return 0 }
            let last = try await journal.lastChained(on: connection)
            var sequence = last?.sequence ?? 0
            var previous = last.map { Array($0.hash) } ?? JournalChain.genesis
            let entries = try await journal.lockUnchained(limit: Self.batchSize, on: connection)
            var links: [JournalStore.ChainLink] = []
            links.reserveCapacity(entries.count)
            for entry in entries {
                sequence += 1
                let hash = JournalChain.entryHash(
                    previous: previous, sequence: sequence, entryID: entry.entryID, eventType: entry.eventType,
                    documentID: entry.documentID, recordedAtMicroseconds: entry.recordMicroseconds,
                    payload: Array(entry.payload))
                links.append(
                    JournalStore.ChainLink(
                        entryID: entry.entryID, sequence: sequence, previousHash: previous, hash: hash))
                previous = hash
            }
            try await journal.chain(links, on: connection)
            if !entries.isEmpty {
                try await ExchangeChannels.notify(
                    ExchangeChannels.journalChained, on: connection, of: database, logger: logger)
            }
            return entries.count
        }
    }
}
