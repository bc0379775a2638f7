import Synchronization
import Testing

@testable import VDXPRuntime

/// How the followers of Central's configuration and Exchange's journal reconnect: the pause before connecting again
/// doubles after each failure up to 5 s, and is back to 0.2 s after a clean or an expected ending.
@Suite("Reconnecting a long-lived stream", .timeLimit(.minutes(5)))
struct ReconnectingTaskTests {
    struct Lost: Error {}
    struct Behind: Error {}

    /// Runs the loop over `outcomes`, one per connection (nil: the stream ended cleanly), and ends it after the
    /// last; the pauses it took, and how many errors it asked about.
    static func pauses(_ outcomes: [(any Error)?]) async -> (pauses: [Duration], asked: Int) {
        let attempts = Mutex(0)
        let asked = Mutex(0)
        let pauses = Mutex<[Duration]>([])
        // In a task of its own, which `wait` cancels after the last connection.
        await Task {
            await ReconnectingTask.run(
                {
                    let attempt = attempts.withLock { count in
                        defer { count += 1 }
                        return count
                    }
                    if let error = outcomes[attempt] { throw error }
                },
                ending: { error in
                    asked.withLock { $0 += 1 }
                    return error is Behind ? .expected : .failed
                },
                wait: { pause in
                    pauses.withLock { $0.append(pause) }
                    // Cancelled, the loop stops before connecting again.
                    if attempts.withLock({ $0 }) == outcomes.count { withUnsafeCurrentTask { $0?.cancel() } }
                })
        }.value
        return (pauses.withLock { $0 }, asked.withLock { $0 })
    }

    @Test("each failure doubles the pause, from 0.2 s up to 5 s")
    func failuresBackOff() async {
        let (pauses, asked) = await Self.pauses(Array(repeating: Lost(), count: 8))
        #expect(pauses == [0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5].map { Duration.milliseconds(Int($0 * 1000)) })
        #expect(asked == 8)
    }

    @Test("a clean ending and an expected one bring the pause back to 0.2 s")
    func endingsReset() async {
        let (pauses, _) = await Self.pauses([Lost(), Lost(), Lost(), nil, Lost(), Lost(), Behind(), Lost()])
        #expect(pauses == [200, 400, 800, 200, 400, 800, 200, 400].map { Duration.milliseconds($0) })
    }

    @Test("cancelled while connected, the loop ends without asking about the error the cancellation caused")
    func cancellationEnds() async {
        let connected = Mutex(false)
        let asked = Mutex(0)
        let task = Task {
            await ReconnectingTask.run(
                {
                    connected.withLock { $0 = true }
                    try await Task.sleep(for: .seconds(600))
                },
                ending: { _ in
                    asked.withLock { $0 += 1 }
                    return .failed
                },
                wait: { _ in })
        }
        while !connected.withLock({ $0 }) { await Task.yield() }
        task.cancel()
        await task.value
        #expect(asked.withLock { $0 } == 0)
    }
}
