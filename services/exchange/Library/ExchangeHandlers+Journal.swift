import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `StreamJournal`: chained entries after the cursor, then new ones as the sealer chains them.
    func streamJournal(
        request: Vdxp_Exchange_V1_StreamJournalRequest,
        response: RPCWriter<Vdxp_Exchange_V1_JournalEntry>,
        context: ServerContext
    ) async throws {
        guard request.afterSequence >= 0 else {
            throw RPCError(code: .invalidArgument, message: "after_sequence must be 0 or more")
        }
        var cursor = request.afterSequence
        try await hub.withSubscription(to: ExchangeChannels.journalChained) { subscription in
            while !context.cancellation.isCancelled {
                let entries = try await journalEntries(after: cursor, limit: 500)
                for entry in entries {
                    try await response.write(entry)
                    cursor = entry.sequence
                }
                if entries.count == 500 { continue }
                if !(await subscription.wait(timeout: .seconds(5))) { return }
            }
        }
    }

    func journalEntries(after sequence: Int64, limit: Int) async throws -> [Vdxp_Exchange_V1_JournalEntry] {
        let rows = try await database.query(
            """
            SELECT sequence, entry_id, event_type, document_id, (extract(epoch FROM record_time) * 1000000)::bigint,
                   payload, previous_hash, hash
            FROM exchange.journal WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
            """, logger: logger)
        var entries: [Vdxp_Exchange_V1_JournalEntry] = []
        for try await row in rows.decode((Int64, Int64, String, String, Int64, Data, Data, Data).self) {
            entries.append(
                .with {
                    $0.sequence = row.0
                    $0.entryID = row.1
                    $0.eventType = row.2
                    $0.documentID = row.3
                    $0.recordTime = .with { time in
                        time.seconds = row.4 / 1_000_000
                        time.nanos = Int32(row.4 % 1_000_000) * 1000
                    }
                    $0.payload = row.5
                    $0.previousHash = row.6
                    $0.hash = row.7
                })
        }
        return entries
    }
}
