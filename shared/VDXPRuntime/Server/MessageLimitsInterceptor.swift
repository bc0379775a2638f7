public import GRPCCore
import SwiftProtobuf
import VDXPCore

/// Applies the platform's limits to every request message of every RPC, unary and streaming alike, before a handler
/// sees it:
///
/// - **Size.** A message over ``TransportFactory/maximumMessageBytes`` (4 MiB) is refused with RESOURCE_EXHAUSTED
///   naming the limit. (The transport's own ceiling is set higher, at
///   ``TransportFactory/transportMessageCeilingBytes``: past it grpc-swift can only reset the stream, which a client
///   sees as CANCELLED.)
/// - **Times.** A `google.protobuf.Timestamp` or `Duration` outside the ranges the well-known types define (years
///   1–9999; nanos 0…999,999,999; a duration's seconds and nanos of one sign) is refused with INVALID_ARGUMENT naming
///   every such field (``VDXPCore/WellKnownTypeRanges``), before a handler converts it to a `Date`, binds it to
///   PostgreSQL or signs it into the global configuration. Rules of meaning (not in the future, at most one hour)
///   stay with the handlers.
/// - **Text.** A string holding U+0000 (NUL), which PostgreSQL's `text` cannot store, is refused with INVALID_ARGUMENT
///   naming the field, instead of failing in the database as a server error.
public struct MessageLimitsInterceptor: ServerInterceptor {
    /// The largest serialized request message accepted.
    public let maximumMessageBytes: Int

    /// Creates the interceptor.
    public init(maximumMessageBytes: Int = TransportFactory.maximumMessageBytes) {
        self.maximumMessageBytes = maximumMessageBytes
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let limit = maximumMessageBytes
        var checked = request
        checked.messages = RPCAsyncSequence(
            wrapping: request.messages.map { message in
                if let message = message as? any SwiftProtobuf.Message {
                    try Self.check(message, limit: limit)
                }
                return message
            })
        return try await next(checked, context)
    }

    static func check(_ message: some SwiftProtobuf.Message, limit: Int) throws {
        if MessageSize.exceeds(message, limit: limit) {
            throw RPCError(
                code: .resourceExhausted,
                message: "a request message may hold at most \(limit) bytes (\(limit / 1_048_576) MiB); send "
                    + "attachments in chunks of at most 1 MiB")
        }
        let violations = WellKnownTypeRanges.violations(in: message)
        if !violations.isEmpty { throw InvalidArgumentError(violations: violations) }
    }
}
