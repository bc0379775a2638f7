/// What the interceptors know about the RPC being handled: its request id, the caller and the signed-in person.
///
/// Set by `IdentityInterceptor` for the handler and for the whole of its response stream.
public struct RequestContext: Sendable {
    /// The request id: the client's `x-request-id` metadata if it sent one, otherwise generated.
    public var requestID: String
    /// The authenticated caller.
    public var caller: CallerIdentity?
    /// The person signed in, when the call carried a valid account token (`authorization: Bearer <token>`).
    public var account: AuthenticatedAccount? = nil

    /// The context of the RPC running in this task, if any.
    @TaskLocal public static var current: RequestContext?
}
