import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPStore

@testable import VDXPTicket

/// A `request_id` is kept 30 days with what its call made — far longer than a client retries — and then deleted, so
/// that `ticket.request_keys` does not grow by a row per call for ever.
@Suite("Ticket: request ids are kept 30 days", .timeLimit(.minutes(2)))
struct TicketRequestKeyRetentionTests {
    @Test("a key of 31 days ago is deleted; one of 29 days ago still answers its retry")
    func oldKeysAreDeleted() async throws {
        try await TemporaryDatabase.withDatabase(schema: "ticket", migrations: TicketMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let keys = RequestKeyStore(database: database, logger: logger)
            for (key, days) in [("old", 31), ("young", 29)] {
                try await database.transaction(logger: logger) { connection in
                    _ = try await keys.claim(key, owner: "member:000.00.00.G22", method: "OpenTicket", on: connection)
                    try await keys.record(
                        "TK-2026-00\(days)", owner: "member:000.00.00.G22", requestID: key, on: connection)
                    try await database.query(
                        """
                        UPDATE ticket.request_keys
                        SET record_time = \(clock.now.addingTimeInterval(-Double(days) * 86_400))
                        WHERE request_id = \(key)
                        """, on: connection, logger: logger)
                }
            }
            let retention = RequestKeyRetention(keys: keys, clock: clock.wallClock, logger: logger)
            #expect(try await retention.sweep() == 1)
            let earlier = try await database.transaction(logger: logger) { connection in
                (
                    old: try await keys.claim(
                        "old", owner: "member:000.00.00.G22", method: "OpenTicket", on: connection),
                    young: try await keys.claim(
                        "young", owner: "member:000.00.00.G22", method: "OpenTicket", on: connection)
                )
            }
            #expect(earlier.old == nil, "the old key is free again: a new call claims it")
            #expect(earlier.young == RequestKeyStore.Earlier(method: "OpenTicket", resourceID: "TK-2026-0029"))
        }
    }
}
