import Foundation
import GRPCCore
import Testing

@testable import VDXPCentral

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
