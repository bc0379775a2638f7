import Foundation
import Logging
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPStore

@testable import VDXPExchange

/// Every follower of the journal receives one entry per message of at most 4 MiB, and the chained journal can never
/// drop an entry: no event larger than that is ever appended, whatever limit of a request was missed.
@Suite("The journal takes no entry its followers could not receive", .timeLimit(.minutes(5)))
struct JournalEntrySizeTests {
    static func statusChanged(comment: String) -> Vdxp_Exchange_V1_JournalEvent {
        .with {
            $0.statusChanged = .with {
                $0.recipientOrganisationID = "000.00.00.H26"
                $0.deliveryID = "d-1"
                $0.change = .with { $0.comment = comment }
            }
        }
    }

    @Test("an event of more than 3 MiB is refused, alone or in a commit group, and nothing of its group is written")
    func oversizedEventRefused() async throws {
        try await TemporaryDatabase.withDatabase(schema: "exchange", migrations: ExchangeMigrations.all) {
            database, logger in
            let journal = JournalStore(database: database, logger: logger)
            let huge = Self.statusChanged(comment: String(repeating: "x", count: JournalStore.maximumPayloadBytes))
            let small = Self.statusChanged(comment: "Đã vào sổ")
            await #expect(throws: JournalStore.EntryTooLarge.self) {
                try await database.transaction(logger: logger) { connection in
                    try await journal.append(huge, type: "status.changed", documentID: "doc-1", on: connection)
                }
            }
            await #expect(throws: JournalStore.EntryTooLarge.self) {
                try await database.transaction(logger: logger) { connection in
                    try await journal.append(
                        contentsOf: [
                            (small, "status.changed", "doc-2"), (huge, "status.changed", "doc-3"),
                        ], on: connection)
                }
            }
            try await database.transaction(logger: logger) { connection in
                try await journal.append(small, type: "status.changed", documentID: "doc-4", on: connection)
            }
            let stored = try await TableText.rows("SELECT document_id FROM exchange.journal", on: database)
            #expect(stored == "(doc-4)")
        }
    }
}
