import Foundation
import Logging
import ServiceLifecycle
import VDXPCore
import VDXPRuntime

/// Deletes the query log's entries older than `retention` (`VDXP_SEARCH_QUERY_LOG_RETENTION_DAYS`, default 730):
/// who searched for what is personal data (Decree 13/2023), kept for audit and then removed — the log otherwise grew by
/// one row per query for ever. Runs every `interval` on every replica (rows taken with SKIP LOCKED), ten thousand
/// entries a statement.
struct QueryLogRetention: Service {
    let queryLog: QueryLogStore
    let retention: Duration
    var interval: Duration = .seconds(3600)
    var clock: WallClock = .system
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot delete old query log entries") {
            try await sweep()
        }
    }

    /// Deletes every entry past retention at the clock's time; returns how many.
    @discardableResult
    func sweep() async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention.timeInterval)
        let deleted = try await deletingInBatches(of: 10_000) {
            try await queryLog.delete(loggedBefore: cutoff, limit: $0)
        }
        if deleted > 0 {
            logger.info("query log entries past retention deleted", metadata: ["entries": "\(deleted)"])
        }
        return deleted
    }
}
