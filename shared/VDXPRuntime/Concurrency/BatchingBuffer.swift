import Synchronization

/// Hands what a producer yields to a consumer in batches: everything buffered when the consumer asks, up to a
/// maximum. A consumer that writes one transaction per batch thus writes one per element while elements trickle in,
/// and one per `maximum` while it catches up (a projection following a journal after downtime). The producer waits
/// while `capacity` elements are buffered, so a slow consumer slows the producer down instead of filling memory.
///
/// ```swift
/// let buffer = BatchingBuffer<Entry>(capacity: 2_000)
/// // producer task:
/// do {
///     for try await entry in stream { guard await buffer.append(entry) else { return } }
///     buffer.finish()
/// } catch { buffer.finish(throwing: error) }
/// // consumer:
/// defer { buffer.close() }
/// while let batch = try await buffer.next(maximum: 500) { try await apply(batch) }
/// ```
///
/// Waiting on either side is not cancellable by itself: the producer must always end with ``finish(throwing:)``
/// (which wakes the consumer) and the consumer with ``close()`` (which wakes the producer).
public final class BatchingBuffer<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var head = 0
        var end: Result<Void, any Error>?
        var closed = false
        var consumer: CheckedContinuation<Void, Never>?
        var producer: CheckedContinuation<Void, Never>?

        var count: Int { elements.count - head }
    }

    private typealias Taken = (
        batch: [Element]?, end: Result<Void, any Error>?, producer: CheckedContinuation<Void, Never>?
    )

    private let state = Mutex(State())
    /// How many elements may wait before the producer does.
    public let capacity: Int

    /// An empty buffer holding at most `capacity` elements.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `element`, first waiting while the buffer is full. Returns false, dropping it, once the consumer closed
    /// the buffer: the producer should stop. One producer at a time.
    public func append(_ element: Element) async -> Bool {
        while true {
            let attempt = state.withLock { state -> (added: Bool?, consumer: CheckedContinuation<Void, Never>?) in
                if state.closed { return (false, nil) }
                guard state.count < capacity else { return (nil, nil) }
                state.elements.append(element)
                defer { state.consumer = nil }
                return (true, state.consumer)
            }
            if let added = attempt.added {
                attempt.consumer?.resume()
                return added
            }
            // Full: wait until the consumer takes elements or closes the buffer, then try again.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.closed || state.count < capacity { return true }
                    state.producer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// The producer is done: after the buffered elements, ``next(maximum:)`` returns nil, or throws `error` — at
    /// once, dropping them, when `discardingBuffered` (what they were read for no longer holds). The first call
    /// decides; later ones change nothing.
    public func finish(throwing error: (any Error)? = nil, discardingBuffered: Bool = false) {
        let consumer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.end == nil else { return nil }
            state.end = error.map { .failure($0) } ?? .success(())
            if discardingBuffered {
                state.elements = []
                state.head = 0
            }
            defer { state.consumer = nil }
            return state.consumer
        }
        consumer?.resume()
    }

    /// The consumer is done: the producer's waiting and later ``append(_:)`` calls return false.
    public func close() {
        let producer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            state.elements = []
            state.head = 0
            defer { state.producer = nil }
            return state.producer
        }
        producer?.resume()
    }

    /// Waits until an element is buffered and returns the buffered ones, oldest first, at most `maximum`; nil once
    /// the producer finished and everything was taken, or the producer's error then.
    public func next(maximum: Int) async throws -> [Element]? {
        while true {
            let taken = state.withLock { state -> Taken in
                guard state.count > 0 else { return (nil, state.end, nil) }
                let end = min(state.head + max(1, maximum), state.elements.count)
                let batch = Array(state.elements[state.head..<end])
                state.head = end
                if state.head == state.elements.count || state.head > 4_096 {
                    state.elements.removeFirst(state.head)
                    state.head = 0
                }
                defer { state.producer = nil }
                return (batch, nil, state.producer)
            }
            if let batch = taken.batch {
                taken.producer?.resume()
                return batch
            }
            if let end = taken.end {
                try end.get()
                return nil
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.count > 0 || state.end != nil { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
