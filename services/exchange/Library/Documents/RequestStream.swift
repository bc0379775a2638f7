import GRPCCore
import VDXPProto

/// Holds the rest of the request stream while the transaction reads it. The stream is consumed by one task at a
/// time, sequentially (the handler's, or the one `next(within:)` starts for it); the box exists because the
/// transaction closure may not capture a `var`.
final class RequestStream: @unchecked Sendable {
    var iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator

    /// Holds `iterator`, the stream after its first message.
    init(_ iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The next message, or nil at the end of the stream.
    ///
    /// - Throws: `ExchangeError.attachmentsStalled` (DEADLINE_EXCEEDED) when none arrives within `limit`: the
    ///   transaction waiting for it holds a pooled connection and its locks, which a stalled client must not keep;
    ///   `upload.tooSlow` when `upload.deadline` comes first. The wait for the message is cancelled, which ends the
    ///   stream.
    func next(
        within limit: Duration, upload: (deadline: ContinuousClock.Instant, tooSlow: ExchangeError)? = nil
    ) async throws -> Vdxp_Exchange_V1_SendDocumentRequest? {
        let wait = upload.map { min(limit, $0.deadline - .now) } ?? limit
        if let upload, wait <= .zero { throw upload.tooSlow }
        return try await withThrowingTaskGroup(of: Vdxp_Exchange_V1_SendDocumentRequest?.self) { group in
            group.addTask { try await self.iterator.next() }
            group.addTask {
                try await Task.sleep(for: wait)
                if let upload, wait < limit { throw upload.tooSlow }
                throw ExchangeError.attachmentsStalled(seconds: Int(limit.components.seconds))
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
