import Foundation
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPRuntime
import VDXPStore

/// What `Database` does when its probe finds PostgreSQL gone, or restarted: nothing waits on the old server any
/// longer.
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

    @Test("a restart between two probes fails the transaction its closed connection never answers; a fresh pool serves")
    func restartBetweenProbes() async throws {
        try await TestPlatform.with { platform in
            // The pool reaches PostgreSQL through a forwarder that can leave a connection silent; the probe does not.
            let (direct, forwarded, forwarder) = try await Self.forwardedDatabaseURL(platform)
            defer { forwarder.stop() }
            let logger = platform.logger
            let database = Database(
                configuration: forwarded.clientConfiguration(maximumConnections: 2), logger: logger)
            // One probe at the start, the next 5 s later: the restart falls between them.
            let probe = DatabaseProbe(
                database: database, connection: try direct.connectionConfiguration(), interval: .seconds(5),
                logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.waitUntilRunning()
                _ = try await database.query("SELECT 1", logger: logger).collect()
                group.addTask { try await probe.run() }
                /// Waits (at most 60 s) until a session of the server shows `query` in `state`; whether one did.
                func seen(_ query: String, _ state: String) async throws -> Bool {
                    for _ in 0..<600 {
                        try await Task.sleep(for: .milliseconds(100))
                        let rows = try await database.query(
                            "SELECT count(*)::int FROM pg_stat_activity WHERE query = \(query) AND state = \(state)",
                            logger: logger
                        ).collect()
                        if try rows.first?.decode(Int.self) ?? 0 > 0 { return true }
                    }
                    return false
                }
                // The probe must have seen the server's start time once, or it cannot tell a restart: on a loaded
                // machine its first answer may take seconds (its connection is the one idle after asking).
                try #require(
                    try await seen("SELECT pg_postmaster_start_time()", "idle"), "the probe has asked the server once")

                // A transaction whose query is never answered: the connection falls silent, and the server restarts.
                // Its ROLLBACK would not be answered either.
                let waiting = Task {
                    try await database.transaction(logger: logger) { connection in
                        try await database.query("SELECT pg_sleep(30)", on: connection, logger: logger)
                    }
                }
                // Frozen only once the query is in flight: under the whole suite's load a fixed 50 ms once froze the
                // connections before the transaction had asked anything, and it then asked on a silent connection
                // after the probe had already failed what was waiting.
                try #require(try await seen("SELECT pg_sleep(30)", "active"), "the transaction's query is in flight")
                forwarder.freezeConnections()
                try await platform.cluster.stop()
                try await platform.startDatabase()

                // The probe asks every 5 s; under the whole suite's load its reconnection to the restarted server
                // once took more than 30 s. Without the probe the transaction would wait for ever.
                let outcome = await awaitingOutcome(within: .seconds(90)) { try await waiting.value }
                #expect(
                    outcome is DatabaseUnavailableError, "answered by the probe's finding, not left waiting: \(outcome)"
                )
                // On a loaded machine the probe may have caught the server down (an outage, the same answer above):
                // it declares it reachable again at its next probe, up to 5 s later.
                for _ in 0..<300 where !database.isReachable { try await Task.sleep(for: .milliseconds(100)) }
                let answer = try await database.query("SELECT 41 + 1", logger: logger).collect()
                #expect(try answer.first?.decode(Int.self) == 42, "a fresh pool serves the restarted server")
            }
        }
    }

    @Test(
        "a transaction between two statements when a restart is found asks its next one of nobody: unavailable at once")
    func transactionBetweenStatements() async throws {
        try await TestPlatform.with { platform in
            let (_, forwarded, forwarder) = try await Self.forwardedDatabaseURL(platform)
            defer { forwarder.stop() }
            let logger = platform.logger
            let database = Database(
                configuration: forwarded.clientConfiguration(maximumConnections: 2), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.waitUntilRunning()
                // The transaction has asked and been answered; its connection then falls silent (the server's host
                // went away: no FIN comes, so the connection does not know it is closed), and the probe finds the
                // restart before the transaction asks again. Nothing is in flight for the probe to fail.
                let (asked, goOn) = (OneShot<Void>(), OneShot<Void>())
                let transaction = Task {
                    try await database.transaction(logger: logger) { connection in
                        try await database.query("SELECT 1", on: connection, logger: logger)
                        asked.set(.success(()))
                        try await goOn.value
                        try await database.query("SELECT 2", on: connection, logger: logger)
                    }
                }
                try await asked.value
                forwarder.freezeConnections()
                database.serverRestarted()
                goOn.set(.success(()))
                let outcome = await awaitingOutcome(within: .seconds(20)) { try await transaction.value }
                // Without the check: a connection error once the retired pool closes the connection (INTERNAL to
                // the client, not UNAVAILABLE), or no answer at all until TCP keepalive gives up.
                #expect(outcome is DatabaseUnavailableError, "not written to the silent connection: \(outcome)")
                let answer = try await database.query("SELECT 41 + 1", logger: logger).collect()
                #expect(try answer.first?.decode(Int.self) == 42, "a fresh pool serves")
            }
        }
    }

    @Test("a transaction cancelled while its query goes unanswered returns at once; its connection is not reused")
    func cancelledTransactionLeavesNoConnectionBehind() async throws {
        try await TestPlatform.with { platform in
            let (_, forwarded, forwarder) = try await Self.forwardedDatabaseURL(platform)
            defer { forwarder.stop() }
            let logger = platform.logger
            // One connection: were it handed back with its query in flight, the next query would wait behind it.
            let database = Database(
                configuration: forwarded.clientConfiguration(maximumConnections: 1), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.waitUntilRunning()
                let transaction = Task {
                    try await database.transaction(logger: logger) { connection in
                        try await database.query("SELECT 1", on: connection, logger: logger)
                        forwarder.freezeConnections()
                        try await Task.sleep(for: .milliseconds(300))
                        // Never answered: the connection has fallen silent.
                        try await database.query("SELECT 2", on: connection, logger: logger)
                    }
                }
                try await Task.sleep(for: .seconds(1))
                transaction.cancel()
                let outcome = await awaitingOutcome(within: .seconds(10)) { try await transaction.value }
                #expect(outcome is CancellationError, "returned at once: \(String(describing: outcome))")
                let failure = await awaitingOutcome(within: .seconds(20)) {
                    try await database.query("SELECT 41 + 1", logger: logger).collect().first?.decode(Int.self)
                }
                #expect(failure == nil, "the next query is served, on a new connection: \(String(describing: failure))")
            }
        }
    }

    @Test("a statement on a connection already closed is answered unavailable, not written where no answer comes")
    func closedConnectionAnswersUnavailable() async throws {
        try await TestPlatform.with { platform in
            let logger = platform.logger
            let connection = try await PostgresConnection.connect(
                configuration: try DatabaseURL(platform.databaseURL).connectionConfiguration(), id: 1, logger: logger)
            try await connection.close()
            try await platform.database { database in
                let outcome = await awaitingOutcome(within: .seconds(10)) {
                    try await database.query("SELECT 1", on: connection, logger: logger)
                }
                #expect(outcome is DatabaseUnavailableError, "\(String(describing: outcome))")
            }
        }
    }

    /// The platform's database URL, and the same through a new forwarder that can leave its connections silent
    /// (`TCPForwarder.freezeConnections()`); stop the forwarder when done.
    private static func forwardedDatabaseURL(_ platform: TestPlatform) async throws -> (
        direct: DatabaseURL, forwarded: DatabaseURL, forwarder: TCPForwarder
    ) {
        let direct = try DatabaseURL(platform.databaseURL)
        let forwarder = try await TCPForwarder(to: HostAndPort(host: direct.host, port: direct.port))
        var forwarded = direct
        forwarded.host = forwarder.address.host
        forwarded.port = forwarder.address.port
        return (direct, forwarded, forwarder)
    }

    /// The error `work` ends with, or `nil` if it succeeds; an `AwaitTimeout` if it takes longer than `limit`.
    private func awaitingOutcome(
        within limit: Duration, _ work: @escaping @Sendable () async throws -> some Sendable
    ) async -> (any Error)? {
        do {
            _ = try await awaitingAtMost(limit) { try await work() }
            return nil
        } catch {
            return error
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
