import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

/// Long-lived streams (`WatchAlerts`, `SubscribeInbox`, the journal followers) learn of changes from the hub, and
/// poll only as a safety net: a change committed while the hub's LISTEN connection was down must still wake them.
@Suite("The notification hub misses no change while its LISTEN connection is down", .timeLimit(.minutes(5)))
struct NotificationHubTests {
    static let channel = "vdxp_hub_test"

    @Test("after losing its connection the hub wakes its waiters, and again once it listens anew")
    func wakesAfterListeningAgain() async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            let hub = NotificationHub(client: database, channels: [Self.channel], logger: logger)
            let running = Task { try await hub.run() }
            defer { running.cancel() }
            try await hub.withSubscription(to: Self.channel) { subscription in
                try await Self.waitForListener(database, logger: logger)
                _ = await subscription.wait(timeout: .milliseconds(10))  // the wake of the first LISTEN, if pending

                let killed = try await database.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'",
                    logger: logger
                ).collect()
                #expect(killed.count == 1, "one LISTEN connection")
                #expect(await Self.woken(subscription, within: .seconds(60)), "woken when the connection was lost")
                // No NOTIFY is sent: a change committed while nobody listened sent its own in vain.
                #expect(await Self.woken(subscription, within: .seconds(60)), "woken once listening again")

                try await Self.waitForListener(database, logger: logger)
                try await database.query(PostgresQuery(unsafeSQL: "NOTIFY \(Self.channel)"), logger: logger)
                #expect(await Self.woken(subscription, within: .seconds(60)), "a NOTIFY wakes it as before")
            }
        }
    }

    /// Whether `subscription` was woken well before `timeout` (a wait that runs out returns true too).
    static func woken(_ subscription: NotificationSubscription, within timeout: Duration) async -> Bool {
        let started = ContinuousClock.now
        _ = await subscription.wait(timeout: timeout)
        return ContinuousClock.now - started < timeout / 2
    }

    /// Waits until a connection of the database LISTENs.
    static func waitForListener(_ database: Database, logger: Logger) async throws {
        for _ in 0..<600 {
            let listening = try await database.query(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND state = 'idle'", logger: logger
            ).collect()
            if try listening.first?.decode(Int.self) == 1 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no connection listened within 60 s")
    }
}
