import Foundation
public import GRPCCore

/// Authenticates every RPC from its client certificate — and, when the call carries `authorization: Bearer
/// <token>`, the person from its account token — checks the method's `AccessRule`, and makes the caller, the
/// account and the request id available to the handler and its whole response stream through
/// `RequestContext.current`.
///
/// This is the one place where a service decides who may call what: a method with no rule is refused. An invalid or
/// expired token is refused with UNAUTHENTICATED whatever the method; a member's system may carry only tokens of its
/// own organisation's accounts (PERMISSION_DENIED otherwise).
public struct IdentityInterceptor: ServerInterceptor {
    /// Resolves callers.
    public let resolver: IdentityResolver
    /// One rule per method, keyed by the generated method descriptor, e.g.
    /// `Vdxp_Exchange_V1_ExchangeService.Method.SendDocument.descriptor`.
    public let rules: [MethodDescriptor: AccessRule]
    /// Checks account tokens.
    public let tokenVerifier: AccountTokenVerifier

    /// Creates the interceptor.
    ///
    /// - Parameters:
    ///   - resolver: Resolves callers from their certificates.
    ///   - rules: One rule per method.
    ///   - tokenVerifier: Checks account tokens; pass `AccountTokenVerifier(anchor:)` with the configuration anchor.
    ///     When `nil`, tokens are checked with the signer certificate of the global configuration the process holds
    ///     (see `AccountTokenVerifier.KeySource.heldConfiguration`).
    public init(
        resolver: IdentityResolver, rules: [MethodDescriptor: AccessRule], tokenVerifier: AccountTokenVerifier? = nil
    ) {
        self.resolver = resolver
        self.rules = rules
        self.tokenVerifier =
            tokenVerifier ?? AccountTokenVerifier(keySource: .heldConfiguration(resolver.configuration))
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        let requestID = RequestContext.current?.requestID ?? UUID().uuidString.lowercased()
        guard let rule = rules[context.descriptor] else {
            throw RPCError(code: .permissionDenied, message: "\(method) is not open to any caller")
        }
        let caller = try resolver.resolve(context)
        let account = try self.account(in: request.metadata, caller: caller)
        var scoped = RequestContext.current ?? RequestContext(requestID: requestID, caller: nil)
        scoped.caller = caller
        scoped.account = account
        scoped.actingFor = try actingFor(in: request.metadata, caller: caller)
        let requestContext = scoped
        guard RequestContext.$current.withValue(requestContext, operation: { rule.permits(caller) }) else {
            let who = account.map { "\($0) through \(caller)" } ?? "\(caller)"
            throw RPCError(code: .permissionDenied, message: "\(method) is for \(rule.who); you called as \(who)")
        }
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

extension IdentityInterceptor {
    /// The account named by the call's bearer token, if it carries one.
    func account(in metadata: Metadata, caller: CallerIdentity) throws(RPCError) -> AuthenticatedAccount? {
        guard let header = metadata[stringValues: "authorization"].first(where: { _ in true }) else { return nil }
        let scheme = "bearer "
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme else {
            throw RPCError(
                code: .unauthenticated,
                message: "the authorization metadata must be `Bearer <token>` with the token from AccountService.Login")
        }
        let token = String(header.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        let account: AuthenticatedAccount
        do {
            account = try tokenVerifier.verify(token, now: Date())
        } catch {
            // This function throws only `RPCError`s: the token error's own conversion (Errors/) says which.
            throw RPCError(error)
        }
        if let member = caller.organisationID, member != account.organisationID {
            throw RPCError(
                code: .permissionDenied,
                message: "the token is for an account of \(account.organisationID) but the connection is member "
                    + "\(member)'s: a member's system may carry only its own organisation's accounts")
        }
        return account
    }
}

extension IdentityInterceptor {
    /// The represented unit the call is made for (`vdxp-acting-for`), if it names one. Only a member's system acts
    /// for a unit; whether the unit is registered under it is the service's check, against its global configuration.
    func actingFor(in metadata: Metadata, caller: CallerIdentity) throws(RPCError) -> String? {
        let values = Array(metadata[stringValues: RequestContext.actingForMetadataKey])
        guard let unit = values.first else { return nil }
        guard values.count == 1, !unit.isEmpty else {
            throw RPCError(
                code: .invalidArgument,
                message: "send `\(RequestContext.actingForMetadataKey)` once, with the organisation id of one unit")
        }
        guard caller.organisationID != nil else {
            throw RPCError(
                code: .permissionDenied,
                message: "only a member's system acts for a represented unit; you called as \(caller)")
        }
        return unit
    }
}

extension RequestContext {
    /// The person signed in for this call (a valid `authorization: Bearer <token>`), or `nil` when the call carried
    /// no token.
    public static func account() -> AuthenticatedAccount? {
        current?.account
    }

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
