import GRPCCore
import Testing
import VDXPRuntime

/// A member's long-lived streams are counted while they run (`VDXP_MAX_OPEN_STREAMS_PER_MEMBER`). grpc-swift skips a
/// response's producer when the stream closed before its headers could be written (a client that resets the stream at
/// once): the slot, given back only by the producer, was lost for good, and a crash-looping client locked its member
/// out of its own streams until the replica restarted.
@Suite("Per-member stream slots are given back however a call ends")
struct ConcurrentCallLimitTests {
    static let method = MethodDescriptor(fullyQualifiedService: "vdxp.test.v1.Streams", method: "Subscribe")

    static func call(
        _ limit: ConcurrentCallLimitInterceptor
    ) async throws -> StreamingServerResponse<String> {
        let context = ServerContext(
            descriptor: method, remotePeer: "ipv4:127.0.0.1:1", localPeer: "ipv4:127.0.0.1:2",
            cancellation: .init())
        let request = StreamingServerRequest<String>(
            metadata: [:], messages: RPCAsyncSequence(wrapping: AsyncThrowingStream { $0.finish() }))
        return try await limit.intercept(request: request, context: context) { _, _ in
            StreamingServerResponse<String>(metadata: [:]) { _ in [:] }
        }
    }

    @Test("a response whose producer is never run gives its slot back when it is dropped")
    func producerNeverRun() async throws {
        let limit = ConcurrentCallLimitInterceptor(maximum: 2, key: { _ in "000.00.00.H26" }) { _, _ in "busy" }
        do {
            let first = try await Self.call(limit)
            let second = try await Self.call(limit)
            #expect(limit.openCalls(under: "000.00.00.H26") == 2)
            let refused = await #expect(throws: RPCError.self) { _ = try await Self.call(limit) }
            #expect(refused?.code == .resourceExhausted)
            _ = (first, second)
        }
        #expect(limit.openCalls(under: "000.00.00.H26") == 0, "both dropped unrun")
        _ = try await Self.call(limit)
    }

    @Test("a response whose producer runs gives its slot back once, when it ends")
    func producerRun() async throws {
        let limit = ConcurrentCallLimitInterceptor(maximum: 1, key: { _ in "000.00.00.H26" }) { _, _ in "busy" }
        let response = try await Self.call(limit)
        guard case .success(let contents) = response.accepted else {
            Issue.record("refused")
            return
        }
        let (stream, continuation) = AsyncStream<String>.makeStream()
        _ = try await contents.producer(RPCWriter(wrapping: ContinuationWriter(continuation: continuation)))
        _ = stream
        #expect(limit.openCalls(under: "000.00.00.H26") == 0)
        _ = try await Self.call(limit)
    }
}

/// Writes into an `AsyncStream` (the producer writes nothing here).
private struct ContinuationWriter: RPCWriterProtocol {
    let continuation: AsyncStream<String>.Continuation
    func write(_ element: String) async throws { continuation.yield(element) }
    func write(contentsOf elements: some Sequence<String>) async throws {
        for element in elements { continuation.yield(element) }
    }
}
