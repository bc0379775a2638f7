import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring
@testable import VDXPReport
@testable import VDXPSearch

/// The journal cursor the three projections of Exchange's journal share (`JournalCursorStore`): on each service's own
/// table as its migrations leave it, and the rule that the entries applied follow the cursor without a gap.
@Suite("The projections' journal cursor", .timeLimit(.minutes(10)))
struct JournalCursorStoreTests {
    /// Each projection's table and the migrations that create it.
    static let projections: [(table: JournalCursorStore.Table, migrations: [Migration])] = [
        (.monitoring, MonitoringMigrations.all), (.report, ReportMigrations.all), (.search, SearchMigrations.all),
    ]

    @Test("on each projection's table: 0 at first, advanced with its times, locked, put back to 0")
    func positionAdvanceReset() async throws {
        try await TemporaryDatabase.withDatabase { database, logger in
            let recorded = Date(timeIntervalSince1970: 1_780_000_000)
            for (table, migrations) in Self.projections {
                _ = try await SchemaMigrator(schema: table.schema, migrations: migrations).migrate(
                    client: database.client, logger: logger)
                let cursor = JournalCursorStore(database: database, table: table, logger: logger)
                #expect(try await cursor.position() == .init(sequence: 0), "\(table.schema): no row yet")

                let before = Date().addingTimeInterval(-1)
                try await database.transaction(logger: logger) { connection in
                    #expect(try await cursor.lock(on: connection) == 0, "\(table.schema): the lock creates the row")
                    try await cursor.advance(to: 42, eventTime: recorded, on: connection)
                }
                let advanced = try await cursor.position()
                #expect(advanced.sequence == 42, "\(table.schema)")
                #expect(advanced.eventTime == recorded, "\(table.schema)")
                #expect(try #require(advanced.appliedTime) > before, "\(table.schema): applied now")
                #expect(try await database.transaction(logger: logger) { try await cursor.lock(on: $0) } == 42)

                try await database.transaction(logger: logger) { try await cursor.reset(on: $0) }
                #expect(try await cursor.position() == .init(sequence: 0), "\(table.schema): back to the start")
            }
        }
    }

    @Test("a second replica's batch waits for the first one's transaction, then sees its entries applied")
    func lockSerialisesReplicas() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "report", migrations: ReportMigrations.all, maximumConnections: 2
        ) { database, logger in
            let cursor = JournalCursorStore(database: database, table: .report, logger: logger)
            let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
            async let first: Void = database.transaction(logger: logger) { connection in
                _ = try await cursor.lock(on: connection)
                lockedSignal.yield()
                // The second replica asks for the lock meanwhile.
                try await Task.sleep(for: .milliseconds(300))
                try await cursor.advance(to: 7, eventTime: Date(), on: connection)
            }
            for await _ in locked { break }
            let seen = try await database.transaction(logger: logger) { try await cursor.lock(on: $0) }
            try await first
            #expect(seen == 7, "without the row lock the second replica would read 0 and apply entries 1 to 7 again")
        }
    }

    static func entries(_ sequences: [Int64]) -> [Vdxp_Exchange_V1_JournalEntry] {
        sequences.map { sequence in .with { $0.sequence = sequence } }
    }

    @Test("the entries applied are those after the cursor, one by one; a gap is refused")
    func unappliedFollowTheCursor() throws {
        #expect(
            try JournalCursorStore.unapplied(Self.entries([1, 2, 3, 4, 5]), after: 2).map(\.sequence) == [3, 4, 5])
        #expect(try JournalCursorStore.unapplied(Self.entries([1, 2]), after: 2).isEmpty, "applied already")
        #expect(try JournalCursorStore.unapplied([], after: 2).isEmpty)
        // The cursor went back to 0 for a rebuild while the stream was at 5.
        #expect(throws: JournalGapError(expected: 1, received: 5)) {
            try JournalCursorStore.unapplied(Self.entries([5, 6]), after: 0)
        }
        #expect(throws: JournalGapError(expected: 4, received: 5)) {
            try JournalCursorStore.unapplied(Self.entries([3, 5]), after: 2)
        }
    }
}
