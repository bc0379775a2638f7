import Synchronization
import Testing

@testable import VDXPStore

/// `Database` runs every query through `InFlightQueries`, so that nothing waits for good on a query postgres-nio may
/// never answer (one written to a connection the server has just closed).
@Suite("Queries in flight", .timeLimit(.minutes(3)))
struct InFlightQueriesTests {
    @Test("a caller cancelled while its query goes unanswered returns at once with CancellationError")
    func cancelledCallerDoesNotWait() async throws {
        let queries = InFlightQueries()
        let answer = Mutex<CheckedContinuation<Int, Never>?>(nil)
        let caller = Task {
            try await queries.run {
                // Like a query on a closed connection: never answered until the test ends, deaf to cancellation.
                await withCheckedContinuation { continuation in answer.withLock { $0 = continuation } }
            }
        }
        while answer.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(10)) }
        caller.cancel()
        var outcome: (any Error)?
        do {
            _ = try await awaitingAtMost(.seconds(10)) { try await caller.value }
        } catch {
            outcome = error
        }
        answer.withLock { $0?.resume(returning: 0) }
        #expect(outcome is CancellationError, "not left waiting: \(String(describing: outcome))")
    }
}
