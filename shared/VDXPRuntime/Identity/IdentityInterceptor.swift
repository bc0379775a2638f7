public import GRPCCore
import Foundation

/// Authenticates every RPC from its client certificate, checks the method's `AccessRule`, and makes the caller and
/// request id available to the handler and its whole response stream through `RequestContext.current`.
///
/// This is the one place where a service decides who may call what: a method with no rule is refused.
public struct IdentityInterceptor: ServerInterceptor {
    /// Resolves callers.
    public let resolver: IdentityResolver
    /// One rule per method, keyed by full method name, e.g. `vdxp.exchange.v1.ExchangeService/SendDocument`.
    public let rules: [String: AccessRule]

    /// Creates the interceptor.
    public init(resolver: IdentityResolver, rules: [String: AccessRule]) {
        self.resolver = resolver
        self.rules = rules
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        let requestID = RequestContext.current?.requestID ?? UUID().uuidString.lowercased()
        guard let rule = rules[method] else {
            throw RPCError(code: .permissionDenied, message: "\(method) is not open to any caller")
        }
        let caller = try resolver.resolve(context)
        guard rule.permits(caller) else {
            throw RPCError(code: .permissionDenied, message: "\(method) is for \(rule.who); you called as \(caller)")
        }
        let requestContext = RequestContext(requestID: requestID, caller: caller)
        var response = try await RequestContext.$current.withValue(requestContext) {
            try await next(request, context)
        }
        response.withProducer { producer in
            { writer in
                try await RequestContext.$current.withValue(requestContext) { try await producer(writer) }
            }
        }
        return response
    }
}

extension RequestContext {
    /// The authenticated caller of the RPC being handled. Throws if called outside an intercepted RPC (a bug).
    public static func caller() throws(RPCError) -> CallerIdentity {
        guard let caller = current?.caller else {
            throw RPCError(code: .internalError, message: "no authenticated caller for this call")
        }
        return caller
    }

    /// The organisation id of the calling member; PERMISSION_DENIED if the caller is not a member.
    public static func memberID() throws(RPCError) -> String {
        guard let id = try caller().organisationID else {
            throw RPCError(code: .permissionDenied, message: "this method is for member systems")
        }
        return id
    }
}

extension StreamingServerResponse {
    /// Replaces the response producer with one derived from it, if the RPC was accepted.
    mutating func withProducer(
        _ wrap: (@escaping @Sendable (RPCWriter<Message>) async throws -> Metadata)
            -> @Sendable (RPCWriter<Message>) async throws -> Metadata
    ) {
        guard case .success(var contents) = accepted else { return }
        contents.producer = wrap(contents.producer)
        accepted = .success(contents)
    }
}
