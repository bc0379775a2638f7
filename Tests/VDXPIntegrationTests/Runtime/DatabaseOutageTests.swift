import Foundation
import PostgresNIO
import Testing
import VDXPStore

/// What `Database` does when its probe finds PostgreSQL gone: nothing waits on the server any longer.
@Suite("The database during an outage")
struct DatabaseOutageTests {
    @Test("a query still waiting for the server when an outage is declared is answered DatabaseUnavailableError")
    func waitingQueryAnswered() async throws {
        try await TestPlatform.with { platform in
            try await platform.database { database in
                let logger = platform.logger
                // 120 s of server time: only the outage can end this call within the test's time.
                let waiting = Task {
                    try await database.transaction(logger: logger) { connection in
                        try await database.query("SELECT pg_sleep(120)", on: connection, logger: logger)
                    }
                }
                var running = false
                for _ in 0..<200 where !running {
                    try await Task.sleep(for: .milliseconds(100))
                    let rows = try await database.query(
                        "SELECT count(*)::int FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120)'",
                        logger: logger
                    ).collect()
                    running = try rows.first?.decode(Int.self) == 1
                }
                try #require(running, "the query runs on the server")
                database.markReachable(false)
                await #expect(throws: DatabaseUnavailableError.self) { try await waiting.value }
                await #expect(throws: DatabaseUnavailableError.self, "new work is refused without trying") {
                    try await database.query("SELECT 1", logger: logger)
                }
                database.markReachable(true)
                let answer = try await database.query("SELECT 41 + 1", logger: logger).collect()
                #expect(try answer.first?.decode(Int.self) == 42, "a fresh pool serves once the server answers")
            }
        }
    }

    @Test("a probe cancelled at the end of a shutdown declares no outage: nothing waiting is failed, the pool stays")
    func cancelledProbeIsNoOutage() async throws {
        try await TestPlatform.with { platform in
            let connection = try DatabaseURL(platform.databaseURL).connectionConfiguration()
            try await platform.database { database in
                // No pause between probes: the cancellation lands while a probe connects or waits for its answer.
                let probe = DatabaseProbe(
                    database: database, connection: connection, interval: .zero, logger: platform.logger)
                for _ in 0..<5 {
                    let running = Task { try await probe.run() }
                    try await Task.sleep(for: .milliseconds(300))
                    running.cancel()
                    try await running.value
                    #expect(database.isReachable, "a cancelled probe is not an unreachable server")
                }
            }
        }
    }
}
