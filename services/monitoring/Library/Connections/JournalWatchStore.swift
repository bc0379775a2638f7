import Foundation
import Logging
import PostgresNIO
import VDXPStore

/// Until when some Monitoring replica followed Exchange's journal (`monitoring.journal_watch`, one row): written by
/// every replica that follows it, each evaluation round (``ConnectionTracker/evaluateAll()``), and read by a replica
/// as it starts, which is blind from that time rather than from its own start (``JournalWatch``). So the time in which
/// no replica ran — all of Monitoring down, or a rollout that replaced every replica — is never counted as members'
/// silence: their activity then was not seen, and heartbeats were refused.
struct JournalWatchStore: Sendable {
    let database: Database
    let logger: Logger

    /// The latest time any replica followed the journal; nil before any did.
    func watchedUntil() async throws -> Date? {
        for try await time in try await database.query(
            "SELECT watched_until FROM monitoring.journal_watch WHERE id = 1", logger: logger
        ).decode(Date.self) {
            return time
        }
        return nil
    }

    /// Records that the journal was followed at `time` (never moving the time back: another replica may stand later).
    func recordWatched(at time: Date) async throws {
        try await database.query(
            """
            INSERT INTO monitoring.journal_watch AS w (id, watched_until) VALUES (1, \(time))
            ON CONFLICT (id) DO UPDATE SET watched_until = greatest(w.watched_until, EXCLUDED.watched_until)
            """, logger: logger)
    }
}
