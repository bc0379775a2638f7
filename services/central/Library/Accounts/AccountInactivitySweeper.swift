import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle
import SwiftProtobuf
public import VDXPCore
import VDXPProto
public import VDXPRuntime
public import VDXPStore

/// Warns and locks inactive accounts (Art. 16), every `VDXP_ACCOUNT_INACTIVITY_CHECK_SECONDS` on every Central
/// replica.
///
/// Each ``sweep()`` walks the ACTIVE accounts that may have something due (`InactivityPolicy.candidateCutoff`) in
/// batches, each batch in one transaction with `FOR UPDATE SKIP LOCKED`, so that replicas sweeping together never
/// handle the same account twice and never wait on each other. For each account `InactivityPolicy` says what is due;
/// a warning goes to the outbox (e-mail and SMS) and is counted on the account, so each is sent once; a lock is
/// recorded with kind INACTIVITY, audited and notified. Time is read from the injected `WallClock`.
///
/// ```swift
/// let sweeper = AccountInactivitySweeper(database: client, clock: manualClock.wallClock, logger: logger)
/// manualClock.advance(by: 62 * 86_400)
/// let report = try await sweeper.sweep()   // report.warnings == 1
/// ```
public struct AccountInactivitySweeper: Service {
    /// What one sweep did.
    public struct Report: Sendable, Hashable {
        /// Warnings recorded (each one e-mail and one SMS).
        public var warnings = 0
        /// Accounts locked.
        public var locks = 0

        /// A report of `warnings` warnings and `locks` locks.
        public init(warnings: Int = 0, locks: Int = 0) {
            self.warnings = warnings
            self.locks = locks
        }
    }

    let stores: CentralStores
    let clock: WallClock
    let policy: InactivityPolicy
    let interval: Duration
    let batchSize: Int
    let logger: Logger

    /// Creates the job.
    ///
    /// - Parameters:
    ///   - database: Central's database.
    ///   - clock: Where "now" is read.
    ///   - interval: Time between sweeps.
    ///   - policy: The Art. 16 rule.
    ///   - batchSize: Accounts per transaction.
    public init(
        database: Database, clock: WallClock, interval: Duration = .seconds(3600),
        policy: InactivityPolicy = .article16, batchSize: Int = 100, logger: Logger
    ) {
        self.stores = CentralStores(database: database, clock: clock, logger: logger)
        self.clock = clock
        self.policy = policy
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Sweeps now, then every `interval`, until graceful shutdown.
    public func run() async throws {
        await PeriodicTask.run(
            every: interval, logger: logger, failure: "cannot check inactive accounts", level: .error
        ) {
            let report = try await sweep()
            if report != Report() {
                logger.notice(
                    "inactive accounts handled",
                    metadata: ["warnings": "\(report.warnings)", "locks": "\(report.locks)"])
            }
        }
    }

    /// Handles every account with something due now. Safe to run on several replicas at once, and idempotent.
    @discardableResult
    public func sweep() async throws -> Report {
        var report = Report()
        var cursor = (time: Date.distantPast, id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        while true {
            let now = clock.now()
            let (batch, last) = try await sweepBatch(after: cursor, now: now)
            report.warnings += batch.warnings
            report.locks += batch.locks
            guard let last else { return report }
            cursor = last
        }
    }

    /// One batch after `cursor`; returns what it did and the batch's last key, `nil` when none was left.
    private func sweepBatch(
        after cursor: (time: Date, id: UUID), now: Date
    ) async throws -> (Report, (time: Date, id: UUID)?) {
        let (accounts, locker, outbox) = (stores.accounts, stores.accountLocker, stores.outbox)
        let (policy, batchSize) = (self.policy, self.batchSize)
        let cutoff = policy.candidateCutoff(now: now)
        return try await stores.database.transaction(logger: logger) { connection in
            let candidates = try await accounts.inactivityCandidates(
                cutoff: cutoff, after: cursor, limit: batchSize, on: connection)
            var report = Report()
            for account in candidates {
                switch policy.step(
                    lastActivity: account.lastActivityTime, warningsSent: account.inactivityWarnings,
                    lastWarning: account.lastWarningTime, now: now)
                {
                case .none:
                    continue
                case .warn(let number, let lockTime):
                    try await accounts.recordInactivityWarning(account.id, number: number, at: now, on: connection)
                    try await outbox.enqueue(
                        contentsOf: AccountNotices.inactivityWarning(account, number: number, lockTime: lockTime),
                        on: connection)
                    report.warnings += 1
                case .lock:
                    try await locker.lock(
                        account, kind: .inactivity,
                        reason: "no activity since \(AccountNotices.time(account.lastActivityTime)) (Art. 16)",
                        by: "inactivity job", at: now, on: connection)
                    report.locks += 1
                }
            }
            return (report, candidates.last.map { ($0.lastActivityTime, $0.id) })
        }
    }
}
