public import GRPCCore
public import VDXPStore

/// Answers UNAVAILABLE at once while the service's database cannot be reached (``VDXPStore/DatabaseProbe``), so that
/// a client gets "retry shortly" within a second or two of an outage instead of a call that queues for a connection
/// until its deadline. (Calls already running when the outage begins fail on their own connection, or wait in the
/// pool until the probe renews it.)
///
/// Methods that never touch the database (the health service; Central's configuration stream, served from memory)
/// are listed in `exempt` and pass untouched.
public struct DatabaseGateInterceptor: ServerInterceptor {
    let database: Database
    let exempt: Set<MethodDescriptor>

    /// Creates the gate.
    ///
    /// - Parameters:
    ///   - database: The service's pool, whose ``VDXPStore/Database/isReachable`` the probe keeps.
    ///   - exempt: The methods served without the database.
    public init(database: Database, exempt: Set<MethodDescriptor>) {
        self.database = database
        self.exempt = exempt
    }

    /// The error of a call refused during an outage.
    static var outage: RPCError {
        RPCError(
            code: .unavailable,
            message: "the platform's database cannot be reached right now: retry shortly with the same request "
                + "(sends are idempotent on the document id)")
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard !exempt.contains(context.descriptor) else { return try await next(request, context) }
        guard database.isReachable else { throw Self.outage }
        return try await next(request, context)
    }
}
