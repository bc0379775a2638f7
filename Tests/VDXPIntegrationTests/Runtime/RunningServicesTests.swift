import Logging
import ServiceLifecycle
import Testing
import VDXPDevelopment
import VDXPRuntime

/// A host knows which of its services still run, and says so in the log when graceful shutdown takes long: what an
/// operator needs to find the part that holds a stop up.
@Suite("Services still running at shutdown are named", .timeLimit(.minutes(3)))
struct RunningServicesTests {
    /// Runs until graceful shutdown, then stops at once.
    struct Prompt: Service {
        func run() async throws { try? await gracefulShutdown() }
    }

    /// Ignores graceful shutdown: runs until `release` is set.
    struct Stubborn: Service {
        let release: ReleaseSwitch
        func run() async throws { await release.wait() }
    }

    @Test("while running both are listed; once shutdown begins only the stubborn one is, and it is logged by name")
    func namesTheStraggler() async throws {
        let captured = CapturedLog()
        let running = RunningServices(reportAfter: .milliseconds(300), logger: captured.logger(level: .warning))
        let release = ReleaseSwitch()
        defer { release.set() }
        let group = ServiceGroup(
            services: [
                running.tracking(Stubborn(release: release), as: "stubborn job"),
                running.tracking(Prompt(), as: "prompt server"),
            ], logger: Logger(label: "group"))
        let task = Task { try await group.run() }
        for _ in 0..<3000 where running.current.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Set(running.current) == ["stubborn job", "prompt server"])

        await group.triggerGracefulShutdown()
        for _ in 0..<3000 where captured.lines.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        for _ in 0..<3000 where running.current.count > 1 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(running.current == ["stubborn job"])
        let lines = captured.lines.map { "\($0.message) [\($0.metadata["services"] ?? "")]" }
        #expect(lines.count == 1)
        // On a loaded machine the prompt one may not have stopped yet when the report is written: it may be named too.
        #expect(lines.first?.contains("still running [") == true, "\(lines)")
        #expect(lines.first?.contains("stubborn job") == true, "\(lines)")

        release.set()
        try await task.value
        #expect(running.current.isEmpty)
    }
}
