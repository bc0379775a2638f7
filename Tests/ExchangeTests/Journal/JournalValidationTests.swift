import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

@Suite("Exchange journal requests are validated before any database work", .timeLimit(.minutes(3)))
struct JournalValidationTests {
    @Test("a negative after_sequence is INVALID_ARGUMENT naming `after_sequence`")
    func negativeCursor() async throws {
        try await InProcessExchange.withClient(as: .assumed(.service(name: "search"))) { exchange in
            let error = await #expect(throws: RPCError.self) {
                try await exchange.streamJournal(.with { $0.afterSequence = -1 }) { for try await _ in $0.messages {} }
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.badRequestFields == ["after_sequence"])
        }
    }
}
