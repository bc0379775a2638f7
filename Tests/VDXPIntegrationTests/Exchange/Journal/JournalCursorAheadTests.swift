import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// A projection's cursor past the journal's last entry means the journal went back — the database was restored to an
/// earlier point — and the projection holds entries the journal no longer has. Following it would skip the entries
/// that reuse those numbers, silently: `StreamJournal` refuses it instead, and the projection's failures show.
@Suite("Exchange: a journal cursor past the last entry is refused", .timeLimit(.minutes(10)))
struct JournalCursorAheadTests {
    @Test("after_sequence past the head is FAILED_PRECONDITION naming both; at the head the stream waits for more")
    func cursorAheadIsRefused() async throws {
        try await TestPlatform.with { platform in
            try await platform.sendDocument(TestPlatform.header(number: "9201"))
            // The chainer chains the send's entry a moment after it commits (later still on a loaded machine).
            var entries: [Vdxp_Exchange_V1_JournalEntry] = []
            try await TestMonitoring.eventually("the send's journal entry is chained", within: .seconds(60)) {
                entries = try await ExchangeJournalSealTests.entries(platform)
                return !entries.isEmpty
            }
            let head = try #require(entries.last?.sequence)
            let search = platform.service("search", address: platform.exchange)
            for untilHead in [false, true] {
                let error = await #expect(throws: RPCError.self) {
                    try await search.exchange { exchange in
                        try await exchange.streamJournal(
                            .with {
                                $0.afterSequence = head + 40
                                $0.untilHead = untilHead
                            }
                        ) { response in
                            for try await _ in response.messages {}
                        }
                    }
                }
                #expect(error?.code == .failedPrecondition)
                #expect(
                    error?.message.contains("after_sequence \(head + 40) is past the journal's last entry (\(head))")
                        == true)
            }
            // At the head: nothing to send and nothing refused (until_head ends at once).
            let none = try await search.exchange { exchange in
                try await exchange.streamJournal(
                    .with {
                        $0.afterSequence = head
                        $0.untilHead = true
                    }
                ) { response in
                    var count = 0
                    for try await _ in response.messages { count += 1 }
                    return count
                }
            }
            #expect(none == 0)
        }
    }
}
