public import GRPCCore
import VDXPRuntime

/// A client interceptor that sends an account token with every call (`authorization: Bearer <token>`).
///
/// ```swift
/// try await withGRPCClient(transport: transport, interceptors: [BearerTokenInterceptor(token: token)]) { … }
/// ```
public struct BearerTokenInterceptor: ClientInterceptor {
    /// The token from `AccountService.Login`.
    public let token: String

    /// Creates the interceptor.
    public init(token: String) {
        self.token = token
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.replaceOrAddString("Bearer \(token)", forKey: "authorization")
        return try await next(request, context)
    }
}
