import Synchronization
import Testing
import VDXPStore

/// `awaitingAtMost`: work that may ignore cancellation (a postgres-nio query in flight) never holds its caller past
/// the limit, nor past the caller's own cancellation — what lets a service stop when its service group cancels it.
/// `finishes(within:)`: a shutdown step (closing the database pool) waits for its work at most so long.
@Suite("Awaiting work at most so long", .timeLimit(.minutes(3)))
struct AwaitingAtMostTests {
    /// Work that ignores cancellation: it sleeps in slices and only stops once `release` is set.
    static func stubborn(until release: ReleaseSwitch, returning value: Int) async -> Int {
        await release.wait()
        return value
    }

    @Test("work that finishes in time gives its result; an error it throws is the caller's")
    func resultAndError() async throws {
        #expect(try await awaitingAtMost(.seconds(30)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await awaitingAtMost(.seconds(30)) { () throws -> Int in throw Refused() }
        }
    }

    @Test("work past the limit is abandoned with AwaitTimeout; its late result goes to discardingLate")
    func timeoutAndLateResult() async throws {
        let release = ReleaseSwitch()
        let late = Mutex<Int?>(nil)
        await #expect(throws: AwaitTimeout.self) {
            try await awaitingAtMost(.milliseconds(200)) {
                await Self.stubborn(until: release, returning: 7)
            } discardingLate: { value in
                late.withLock { $0 = value }
            }
        }
        release.set()
        for _ in 0..<500 where late.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(late.withLock { $0 } == 7)
    }

    @Test("cancelling the caller ends the wait at once with CancellationError, long before the limit")
    func cancellationOfTheCaller() async throws {
        let release = ReleaseSwitch()
        defer { release.set() }
        let waiting = Task {
            try await awaitingAtMost(.seconds(3600)) { await Self.stubborn(until: release, returning: 1) }
        }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        // Were the cancellation ignored, this would wait for the hour (the suite's time limit fails it first).
        let outcome = await waiting.result
        #expect(throws: CancellationError.self) { try outcome.get() }
    }

    @Test("a caller cancelled before it starts waiting does not start to wait")
    func alreadyCancelled() async throws {
        let release = ReleaseSwitch()
        defer { release.set() }
        let waiting = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await awaitingAtMost(.seconds(3600)) { await Self.stubborn(until: release, returning: 1) }
        }
        waiting.cancel()
        let outcome = await waiting.result
        #expect(throws: CancellationError.self) { try outcome.get() }
    }

    @Test("a shutdown step waits for work that finishes, and gives up on work still running at the limit")
    func finishesWithin() async throws {
        #expect(await finishes(within: .seconds(30)) { try? await Task.sleep(for: .milliseconds(10)) })
        let release = ReleaseSwitch()
        defer { release.set() }
        #expect(await !finishes(within: .milliseconds(200)) { _ = await Self.stubborn(until: release, returning: 1) })
    }

    @Test("a shutdown step goes on waiting, up to its limit, when its caller is already cancelled")
    func finishesWithinWhenCancelled() async throws {
        let release = ReleaseSwitch()
        let waiting = Task {
            while !Task.isCancelled { await Task.yield() }
            return await finishes(within: .seconds(30)) { _ = await Self.stubborn(until: release, returning: 1) }
        }
        waiting.cancel()
        try await Task.sleep(for: .milliseconds(200))
        release.set()
        // Had the cancellation ended the wait, the work would not have been seen to finish.
        #expect(await waiting.value)
    }
}

/// A switch that work ignoring cancellation waits for. It waits suspended, cancelled or not: a loop around a
/// cancelled `Task.sleep` would never suspend, and two of them hold both threads of this machine's concurrency pool.
final class ReleaseSwitch: Sendable {
    private let state = Mutex<(released: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Releases the waiters.
    func set() {
        let waiters = state.withLock { state in
            state.released = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once released, cancelled or not.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let released = state.withLock { state in
                if !state.released { state.waiters.append(continuation) }
                return state.released
            }
            if released { continuation.resume() }
        }
    }
}
