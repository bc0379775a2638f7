import Logging
import Synchronization
import Testing

@testable import VDXPRuntime

/// A job retried every second through an outage logs its first failure, a reminder each minute, and its recovery.
@Suite("A failing job's log: the first failure, a reminder a minute, and the recovery")
struct FailureStreakLogTests {
    /// The lines logged, each as its level, message and metadata.
    final class Captured: Sendable {
        let lines = Mutex<[(level: Logger.Level, message: String, metadata: [String: String])]>([])
        var logger: Logger {
            Logger(label: "test") { _ in Handler(captured: self) }
        }

        struct Handler: LogHandler {
            let captured: Captured
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .info
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let metadata = (event.metadata ?? [:]).mapValues { "\($0)" }
                captured.lines.withLock { $0.append((event.level, "\(event.message)", metadata)) }
            }
        }
    }

    struct Outage: Error {}

    @Test("150 failures a second apart are 3 lines, the recovery a fourth; a new outage starts again")
    func streak() {
        let captured = Captured()
        var streak = FailureStreakLog(job: "chain the journal", logger: captured.logger)
        let start = ContinuousClock.now
        streak.succeeded(now: start)
        for second in 0..<150 { streak.failed(Outage(), now: start + .seconds(second)) }
        streak.succeeded(now: start + .seconds(150))
        streak.failed(Outage(), now: start + .seconds(151))

        let lines = captured.lines.withLock { $0 }
        #expect(lines.map(\.level) == [.error, .error, .error, .notice, .error])
        #expect(lines[0].message == "cannot chain the journal; retrying")
        #expect(lines.map { $0.metadata["failures"] } == [nil, "61", "121", "150", nil])
        #expect(lines[3].message == "chain the journal: works again")
        #expect(lines[3].metadata["failing_seconds"] == "150")
    }
}
