import Foundation
import Testing
import VDXPLocalCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the tool and the tests start programs (`vdxp dev up`'s services, pgbench, the mail and SMS sinks, Chromium):
/// exit status and signals reported, output captured, a hung program stopped.
@Suite("Child programs", .timeLimit(.minutes(2)))
struct ChildProcessTests {
    @Test("the exit status and both outputs come back, kept apart or interleaved")
    func statusAndOutput() async throws {
        let separate = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"])
        #expect(separate.termination.code == 3)
        #expect(!separate.termination.succeeded)
        #expect(separate.standardOutput == "out\n")
        #expect(separate.standardError == "err\n")

        let merged = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", "echo one; echo two >&2; echo three"], errors: .merged)
        #expect(merged.termination.succeeded)
        #expect(merged.standardOutput == "one\ntwo\nthree\n")
        #expect(merged.standardError.isEmpty)
    }

    @Test("the environment and working directory given are the child's, and nothing else of ours")
    func environmentAndDirectory() async throws {
        let completed = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", "echo \"$ONLY:$HOME:$(pwd)\""], environment: ["ONLY": "đây"],
            workingDirectory: "/tmp")
        #expect(completed.standardOutput == "đây::/tmp\n")
    }

    @Test(
        "SIGTERM reaches a child started from a concurrency thread (which blocks SIGTERM itself), and the signal is reported"
    )
    func terminateReachesTheChild() async throws {
        let child = try ChildProcess.start("/bin/sleep", arguments: ["60"])
        #expect(child.isRunning)
        child.send(SIGTERM)
        let termination = await child.wait()
        #expect(termination.code == -SIGTERM)
        #expect(termination.description == "killed by signal \(SIGTERM)")
        #expect(!child.isRunning)
    }

    @Test("a program that ignores SIGTERM is killed once the grace period is over")
    func stopEscalates() async throws {
        let ready = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-child-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: ready) }
        let child = try ChildProcess.start(
            "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; while true; do sleep 1; done"], output: .file(ready)
        )
        while (try? String(contentsOfFile: ready, encoding: .utf8)) != "ready\n" {
            try await Task.sleep(for: .milliseconds(20))
        }
        let termination = await child.stop(grace: .milliseconds(300))
        #expect(termination.code == -SIGKILL)
    }

    @Test("a run that outlives its time limit is stopped and says so")
    func timeout() async throws {
        let completed = try await ChildProcess.run(
            "/bin/sh", arguments: ["-c", "echo started; exec sleep 60"], timeout: .milliseconds(500))
        #expect(completed.timedOut)
        #expect(completed.termination.code == -SIGTERM)
        #expect(completed.standardOutput == "started\n")
    }

    @Test("a program that is not there is an error naming it, not a child that exits 127")
    func missingProgram() async throws {
        let error = #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess.start("/nonexistent/vdxp-nothing")
        }
        #expect(error?.description == "could not start /nonexistent/vdxp-nothing: No such file or directory")
    }

    @Test("many children started at once from many tasks each report their own status")
    func concurrentStarts() async throws {
        let codes = try await withThrowingTaskGroup(of: (Int, Int32).self) { group in
            for index in 0..<24 {
                group.addTask {
                    let completed = try await ChildProcess.run("/bin/sh", arguments: ["-c", "exit \(index)"])
                    return (index, completed.termination.code)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(codes.count == 24)
        #expect(codes.allSatisfy { Int32($0.key) == $0.value })
    }
}
