import GRPCCore
import VDXPProto

/// Holds the rest of the request stream while the transaction reads it. The stream is consumed by one task only,
/// sequentially (the handler's); the box exists because the transaction closure may not capture a `var`.
final class RequestStream: @unchecked Sendable {
    var iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator

    /// Holds `iterator`, the stream after its first message.
    init(_ iterator: RPCAsyncSequence<Vdxp_Exchange_V1_SendDocumentRequest, any Error>.AsyncIterator) {
        self.iterator = iterator
    }
}
