import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `StreamJournal`: chained entries after the cursor, then new ones as the chainer chains them (or, with
    /// `until_head`, up to the head when the call began).
    func streamJournal(
        request: Vdxp_Exchange_V1_StreamJournalRequest,
        response: RPCWriter<Vdxp_Exchange_V1_JournalEntry>,
        context: ServerContext
    ) async throws {
        guard request.afterSequence >= 0 else {
            throw ExchangeError.invalidField(field: "after_sequence", message: "after_sequence must be 0 or more")
        }
        var cursor = request.afterSequence
        // A cursor can only be past the head if the journal went back (a restore to an earlier point): a projection
        // following it would skip the entries that reuse those numbers and hold ones the journal no longer has.
        let head = try await journal.headSequence()
        guard cursor <= head else { throw ExchangeError.journalCursorAhead(after: cursor, head: head) }
        if request.untilHead {
            // The entries chained when the call began, then the end: an audit reads a fixed stretch of the chain.
            while cursor < head, !context.cancellation.isCancelled {
                let entries = try await journal.entries(after: cursor, limit: 500).filter { $0.sequence <= head }
                guard !entries.isEmpty else { return }
                for entry in entries {
                    try await response.write(entry)
                    cursor = entry.sequence
                }
            }
            return
        }
        try await hub.withSubscription(to: ExchangeChannels.journalChained) { subscription in
            while !context.cancellation.isCancelled {
                let entries = try await journal.entries(after: cursor, limit: 500)
                for entry in entries {
                    try await response.write(entry)
                    cursor = entry.sequence
                }
                if entries.count == 500 { continue }
                if !(await subscription.wait(timeout: .seconds(5))) { return }
            }
        }
    }
}
