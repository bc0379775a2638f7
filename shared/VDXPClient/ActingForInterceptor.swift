public import GRPCCore
import VDXPRuntime

/// A client interceptor by which a member's system calls for one of the units registered under it (Art. 3.3,
/// 8.2.b): it sends `vdxp-acting-for: <unit id>` with every call, and Exchange then treats the call as the unit's.
public struct ActingForInterceptor: ClientInterceptor {
    /// The represented unit's organisation id, e.g. `000.00.12.H26`.
    public let unit: String

    /// Creates the interceptor.
    public init(unit: String) {
        self.unit = unit
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.replaceOrAddString(unit, forKey: RequestContext.actingForMetadataKey)
        return try await next(request, context)
    }
}
