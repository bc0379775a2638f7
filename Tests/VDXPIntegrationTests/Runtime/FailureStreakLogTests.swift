import Logging
import Testing
import VDXPDevelopment

@testable import VDXPRuntime

/// A job retried every second through an outage logs its first failure, a reminder each minute, and its recovery.
@Suite("A failing job's log: the first failure, a reminder a minute, and the recovery")
struct FailureStreakLogTests {
    struct Outage: Error {}

    @Test("150 failures a second apart are 3 lines, the recovery a fourth; a new outage starts again")
    func streak() {
        let captured = CapturedLog()
        var streak = FailureStreakLog(job: "chain the journal", logger: captured.logger(level: .info))
        let start = ContinuousClock.now
        streak.succeeded(now: start)
        for second in 0..<150 { streak.failed(Outage(), now: start + .seconds(second)) }
        streak.succeeded(now: start + .seconds(150))
        streak.failed(Outage(), now: start + .seconds(151))

        let lines = captured.lines
        #expect(lines.map(\.level) == [.error, .error, .error, .notice, .error])
        #expect(lines[0].message == "cannot chain the journal; retrying")
        #expect(lines.map { $0.metadata["failures"] } == [nil, "61", "121", "150", nil])
        #expect(lines[3].message == "chain the journal: works again")
        #expect(lines[3].metadata["failing_seconds"] == "150")
    }
}
