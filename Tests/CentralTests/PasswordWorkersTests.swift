import Foundation
import GRPCCore
import Testing

@testable import VDXPCentral
@testable import VDXPRuntime

/// scrypt (32 MiB, tens of milliseconds each) runs on Central's own threads behind a bounded queue, so that a flood of
/// sign-ins can neither stall the rest of Central on Swift's two cooperative threads nor take memory without limit.
@Suite("Password checks run on Central's own threads, a bounded number at a time", .timeLimit(.minutes(5)))
struct PasswordWorkersTests {
    @Test("a derivation runs on one of the password threads, not on Swift's cooperative pool")
    func ownThreads() async throws {
        let workers = PasswordWorkers(threads: 1, maximumWaiting: 0)
        let name = try await workers.perform { Thread.current.name ?? "" }
        #expect(name.hasPrefix("TP-#"), "ran on \(name)")
        try await workers.shutdown()
    }

    @Test("beyond the threads and the queue a check is refused at once with UNAVAILABLE, and admitted again after")
    func boundedQueue() async throws {
        let workers = PasswordWorkers(threads: 1, maximumWaiting: 1)
        let gate = Gate()
        // One derivation holds the only thread; a second waits for it.
        let running = Task { try await workers.perform { gate.wait() } }
        let waiting = Task { try await workers.perform { gate.wait() } }
        while workers.admittedCount < 2 { try await Task.sleep(for: .milliseconds(5)) }

        do {
            _ = try await workers.perform { 1 }
            Issue.record("a third check was admitted past one thread and one waiting place")
        } catch let error as CentralError {
            guard case .passwordChecksBusy(running: 1, waiting: 1) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(error.rpcErrorCode == .unavailable)
            #expect(error.description.contains("retry in a moment"))
        }

        gate.open()
        try await running.value
        try await waiting.value
        #expect(workers.admittedCount == 0)
        #expect(try await workers.perform { 2 } == 2)
        try await workers.shutdown()
    }

    @Test("one member keeping its share of checks in flight is refused the next; another member is still admitted")
    func sharePerOrganisation() async throws {
        let workers = PasswordWorkers(threads: 1, maximumWaiting: 8, share: 2)
        let gate = Gate()
        func asMember(_ id: String) -> RequestContext {
            RequestContext(requestID: "test", caller: .member(organisationID: id))
        }
        let flooding = asMember("000.00.00.H26")
        let held = (0..<2).map { _ in
            Task { try await RequestContext.$current.withValue(flooding) { try await workers.perform { gate.wait() } } }
        }
        while workers.admittedCount < 2 { try await Task.sleep(for: .milliseconds(5)) }
        // Were a third check admitted, it would wait behind the two held ones: open the gate after a while in any
        // case, so that the test fails rather than hangs.
        let release = Task {
            try? await Task.sleep(for: .seconds(5))
            gate.open()
        }
        defer { release.cancel() }
        do {
            _ = try await RequestContext.$current.withValue(flooding) { try await workers.perform { 1 } }
            Issue.record("a third check of one member was admitted past its share of two")
        } catch let error as CentralError {
            guard case .passwordChecksBusyForCaller(share: 2) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(error.rpcErrorCode == .resourceExhausted)
        }
        let other = Task {
            try await RequestContext.$current.withValue(asMember("000.00.00.H29")) { try await workers.perform { 3 } }
        }
        gate.open()
        #expect(try await other.value == 3, "another member is not held back by the first one's flood")
        for task in held { try await task.value }
        #expect(workers.admittedCount == 0)
        #expect(try await RequestContext.$current.withValue(flooding) { try await workers.perform { 4 } } == 4)
        try await workers.shutdown()
    }

    @Test("a password hashed on the workers verifies; another does not")
    func hashAndVerify() async throws {
        let workers = PasswordWorkers(threads: 1, maximumWaiting: 4)
        let hasher = PasswordHasher(
            parameters: .init(logN: 10, blockSize: 8, parallelism: 1), workers: workers)
        let hash = try await hasher.hash("Mật-khẩu đủ dài 1")
        #expect(hash.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(try await hasher.verify("Mật-khẩu đủ dài 1", against: hash))
        #expect(try await !hasher.verify("Mật-khẩu đủ dài 2", against: hash))
        #expect(try await !hasher.verify("Mật-khẩu đủ dài 1", against: "$scrypt$unreadable"))
        try await workers.shutdown()
    }
}

/// Blocks password threads until opened.
private final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Blocks the calling (password) thread until ``open()``.
    func wait() {
        semaphore.wait()
        semaphore.signal()
    }

    /// Lets every waiter through.
    func open() {
        semaphore.signal()
    }
}
