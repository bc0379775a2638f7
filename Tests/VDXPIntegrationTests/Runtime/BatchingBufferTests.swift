import Synchronization
import Testing
import VDXPRuntime

/// `BatchingBuffer`: what a projection following a journal takes per transaction — everything that arrived meanwhile,
/// at most a batch, in order, nothing lost, nothing twice; and a producer that waits for a slow consumer.
@Suite("Batches of what a producer yields", .timeLimit(.minutes(3)))
struct BatchingBufferTests {
    struct StreamBroke: Error {}

    @Test("what is buffered comes out at once, oldest first, at most the maximum per batch; then nil")
    func batchesInOrder() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 100)
        for value in 1...7 { #expect(await buffer.append(value)) }
        buffer.finish()
        #expect(try await buffer.next(maximum: 3) == [1, 2, 3])
        #expect(try await buffer.next(maximum: 3) == [4, 5, 6])
        #expect(try await buffer.next(maximum: 3) == [7])
        #expect(try await buffer.next(maximum: 3) == nil)
    }

    @Test("a consumer waiting for the first element gets it as soon as it is appended")
    func consumerWaits() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 10)
        let consumer = Task { try await buffer.next(maximum: 10) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await buffer.append(42))
        #expect(try await consumer.value == [42])
    }

    @Test("a full buffer holds the producer back until the consumer takes a batch; every element arrives once")
    func backPressure() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 3)
        let appended = Mutex(0)
        let producer = Task {
            for value in 1...10 {
                guard await buffer.append(value) else { return }
                appended.withLock { $0 = value }
            }
            buffer.finish()
        }
        for _ in 0..<100 where appended.withLock({ $0 }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(appended.withLock { $0 } == 3, "the fourth waits for space")
        var received: [Int] = []
        while let batch = try await buffer.next(maximum: 2) { received += batch }
        await producer.value
        #expect(received == Array(1...10))
    }

    @Test("the producer's error comes after the elements buffered before it")
    func errorAfterElements() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 10)
        #expect(await buffer.append(1))
        buffer.finish(throwing: StreamBroke())
        #expect(try await buffer.next(maximum: 10) == [1])
        await #expect(throws: StreamBroke.self) { try await buffer.next(maximum: 10) }
    }

    @Test("a finish that discards what is buffered throws at once; a later finish changes nothing")
    func discardingFinish() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 10)
        #expect(await buffer.append(1))
        buffer.finish(throwing: StreamBroke(), discardingBuffered: true)
        buffer.finish()
        await #expect(throws: StreamBroke.self) { try await buffer.next(maximum: 10) }
    }

    @Test("closing wakes a producer waiting for space; its later appends return false")
    func closeStopsTheProducer() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 1)
        #expect(await buffer.append(1))
        let waiting = Task { await buffer.append(2) }
        try await Task.sleep(for: .milliseconds(50))
        buffer.close()
        #expect(await waiting.value == false)
        #expect(await buffer.append(3) == false)
    }

    @Test("while elements keep coming, a batch is taken at the earliest the interval after the previous one started")
    func gathering() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 100)
        #expect(await buffer.append(0))
        var batches: [(elements: [Int], start: ContinuousClock.Instant)] = []
        var producer: Task<Void, Never>?
        let interval = Duration.seconds(1)
        try await buffer.applyBatches(maximum: 50, gatheringFor: interval) { batch in
            batches.append((batch, .now))
            if producer == nil {
                // While the first batch is applied, five elements trickle in, one every 5 ms or so: taken as they
                // come, the next batch would start a few milliseconds after this one.
                producer = Task {
                    for element in 1...5 {
                        try? await Task.sleep(for: .milliseconds(5))
                        _ = await buffer.append(element)
                    }
                    buffer.finish()
                }
            }
        }
        #expect(batches.flatMap(\.elements) == Array(0...5))
        // However slowly the elements come (a loaded machine), no batch starts sooner than the interval after the one
        // before (less the moment between taking a batch and starting it).
        for (previous, next) in zip(batches, batches.dropFirst()) {
            #expect(next.start - previous.start >= interval * 0.9, "batches: \(batches.map(\.elements))")
        }
    }

    @Test("after a full batch, the next is taken at once")
    func fullBatchesDoNotWait() async throws {
        let buffer = BatchingBuffer<Int>(capacity: 100)
        for element in 0..<30 { #expect(await buffer.append(element)) }
        buffer.finish()
        var batches: [[Int]] = []
        let start = ContinuousClock.now
        try await buffer.applyBatches(maximum: 10, gatheringFor: .seconds(60)) { batches.append($0) }
        #expect(batches == [Array(0..<10), Array(10..<20), Array(20..<30)])
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
