import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Locks in Central the accounts whose credentials were reported lost while Central could not be reached
/// (Art. 16.5), every `interval` until each lock takes effect; the ticket's history then says when. Safe on every
/// replica, and no transaction is open while Central is called: a round claims its rows for ``lease`` in one short
/// statement (`FOR UPDATE SKIP LOCKED`), calls Central, and records each outcome in a transaction of its own.
struct CredentialLockRetrier: Service {
    let database: Database
    let locks: CredentialLockStore
    let tickets: TicketStore
    let events: TicketEventStore
    let locker: CentralAccountLocker
    let interval: Duration
    /// How long after a failed attempt the next one is due, in seconds (the interval).
    var retryAfter: TimeInterval { Double(interval.components.seconds) }
    let clock: WallClock
    let logger: Logger

    /// How long a claimed lock is left to the replica that claimed it: longer than a call to Central takes.
    static let lease: TimeInterval = 120

    /// Retries every `interval` until graceful shutdown.
    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot retry account locks") {
            _ = try await retry()
        }
    }

    /// Tries the locks due now; returns the tickets whose lock took effect.
    @discardableResult
    func retry() async throws -> [String] {
        let now = clock.now()
        let (locks, tickets, events, locker, clock, logger, retryAfter) = (
            self.locks, self.tickets, self.events, self.locker, self.clock, self.logger, self.retryAfter
        )
        var done: [String] = []
        for lock in try await locks.claim(now: now, lease: Self.lease, limit: 20) {
            do {
                try await locker.lock(
                    organisationID: lock.organisationID, username: lock.username,
                    reason: "lost or stolen credentials, ticket \(lock.ticketID) (Art. 16.5)")
            } catch {
                let next = now.addingTimeInterval(retryAfter)
                try await locks.markFailed(lock.ticketID, error: "\(error)", next: next)
                logger.warning(
                    "account lock not made; retried later",
                    metadata: ["ticket": "\(lock.ticketID)", "error": "\(error)"])
                continue
            }
            let locked = clock.now()
            try await database.transaction(logger: logger) { connection in
                _ = try await tickets.ticket(lock.ticketID, on: connection, forUpdate: true)
                try await locks.markLocked(lock.ticketID, at: locked, on: connection)
                try await events.append(
                    .make(
                        .commented, by: .ticketService, at: locked,
                        text: LostCredentialTexts.locked(username: lock.username, at: locked)),
                    to: lock.ticketID, on: connection)
            }
            done.append(lock.ticketID)
        }
        return done
    }
}
