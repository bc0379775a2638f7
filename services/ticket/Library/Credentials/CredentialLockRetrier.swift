import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Locks in Central the accounts whose credentials were reported lost while Central could not be reached
/// (Art. 16.5), every `interval` until each lock takes effect; the ticket's history then says when. A report that
/// named an account Central does not have for the member (it could not be checked when it was taken) is not retried:
/// the ticket's history says so and the operator group is alerted to get the right username from the member. Safe on
/// every replica, and no transaction is open while Central is called: a round claims its rows for ``lease`` in one
/// short statement (`FOR UPDATE SKIP LOCKED`), calls Central, and records each outcome in a transaction of its own,
/// only if no other replica recorded one first.
struct CredentialLockRetrier: Service {
    let database: Database
    let locks: CredentialLockStore
    let tickets: TicketStore
    let events: TicketEventStore
    let outbox: AlertOutboxStore
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
        var done: [String] = []
        for lock in try await locks.claim(now: clock.now(), lease: Self.lease, limit: 20) {
            do throws(CentralAccountLocker.Failure) {
                try await locker.lock(
                    organisationID: lock.organisationID, username: lock.username,
                    reason: "lost or stolen credentials, ticket \(lock.ticketID) (Art. 16.5)")
            } catch {
                switch error {
                case .unreachable:
                    try await locks.markFailed(
                        lock.ticketID, error: "\(error)", next: clock.now().addingTimeInterval(retryAfter))
                    logger.warning(
                        "account lock not made; retried later",
                        metadata: ["ticket": "\(lock.ticketID)", "error": "\(loggedDescription(of: error))"])
                case .noSuchAccount:
                    try await refuse(lock, because: error)
                }
                continue
            }
            let locked = clock.now()
            let recorded = try await database.transaction(logger: logger) { connection in
                _ = try await tickets.ticket(lock.ticketID, on: connection, forUpdate: true)
                guard try await locks.markLocked(lock.ticketID, at: locked, on: connection) else { return false }
                try await events.append(
                    .make(
                        .commented, by: .ticketService, at: locked,
                        text: LostCredentialTexts.locked(username: lock.username, at: locked)),
                    to: lock.ticketID, on: connection)
                return true
            }
            if recorded { done.append(lock.ticketID) }
        }
        return done
    }

    /// Records that Central has no such account of the member: no more attempts, a comment on the ticket for the
    /// member and the operator, and an alert to the operator group, who gets the right username from the member.
    private func refuse(_ lock: CredentialLockStore.PendingLock, because error: CentralAccountLocker.Failure)
        async throws
    {
        let now = clock.now()
        let refused = try await database.transaction(logger: logger) { connection -> Bool in
            guard let ticket = try await tickets.ticket(lock.ticketID, on: connection, forUpdate: true),
                try await locks.markRefused(lock.ticketID, error: "\(error)", at: now, on: connection)
            else { return false }
            let text = LostCredentialTexts.noSuchAccount(username: lock.username, organisationID: lock.organisationID)
            try await events.append(
                .make(.commented, by: .ticketService, at: now, text: text), to: lock.ticketID, on: connection)
            try await outbox.enqueue(
                .forOperators(
                    ticket, key: "credential-lock-refused",
                    summary: "Không khóa được tài khoản \(lock.username) (\(lock.ticketID)): Central không có "
                        + "tài khoản này của \(lock.organisationID)",
                    detail: text, severity: .warning),
                at: now, on: connection)
            return true
        }
        if refused {
            logger.error(
                "account lock refused: Central has no such account of the member; the operator group is alerted",
                metadata: ["ticket": "\(lock.ticketID)", "member": "\(lock.organisationID)"])
        }
    }
}
