public import GRPCCore
import Synchronization

/// What the interceptors know about the RPC being handled: its request id, its deadline, the caller and the
/// signed-in person.
///
/// Set by `ObservabilityInterceptor` (request id, deadline) and completed by `IdentityInterceptor` (caller,
/// account) for the handler and for the whole of its response stream.
public struct RequestContext: Sendable {
    /// The request id: the client's `x-request-id` metadata if it sent one, otherwise generated.
    public var requestID: String
    /// The authenticated caller (also told to ``note``, for the RPC's log line).
    public var caller: CallerIdentity? {
        didSet { note?.record(caller: caller, account: account) }
    }
    /// The person signed in, when the call carried a valid account token (`authorization: Bearer <token>`).
    public var account: AuthenticatedAccount? = nil {
        didSet { note?.record(caller: caller, account: account) }
    }
    /// Where the caller is noted for the interceptor that logs the RPC's end: it runs outside the interceptor that
    /// learns who calls, and a task-local value set inside cannot reach it.
    public var note: CallerNote? = nil
    /// When the caller stops waiting (its `grpc-timeout`), if it set one.
    public var deadline: ContinuousClock.Instant? = nil
    /// The represented unit a member's system says it acts for (``actingForMetadataKey``), as sent: the service
    /// checks it against the units the global configuration registers under the caller (Art. 3.3, 8.2.b).
    public var actingFor: String? = nil

    /// The metadata key by which a member's system names the represented unit it acts for on one call, e.g.
    /// `vdxp-acting-for: 000.00.12.H26`.
    public static let actingForMetadataKey = "vdxp-acting-for"

    /// The context of the RPC running in this task, if any.
    @TaskLocal public static var current: RequestContext?

    /// Throws DEADLINE_EXCEEDED if the caller's deadline has passed: call it before work that must not be done for a
    /// caller that has gone (leasing deliveries it will never see), and inside the transaction, before its commit.
    public static func checkDeadline() throws(RPCError) {
        guard let deadline = current?.deadline, ContinuousClock.now >= deadline else { return }
        throw RPCError.deadlinePassed
    }
}

extension RPCError {
    /// The caller's deadline passed before the work was done; nothing was changed.
    static var deadlinePassed: RPCError {
        RPCError(
            code: .deadlineExceeded,
            message: "the call's deadline passed before the server finished; nothing was changed, so the call may be "
                + "repeated with a longer deadline")
    }
}

/// Who called, as the identity interceptor established it, kept for the log line of the RPC's end.
public final class CallerNote: Sendable {
    private let noted = Mutex<(caller: CallerIdentity?, account: AuthenticatedAccount?)>((nil, nil))

    /// An empty note.
    public init() {}

    /// Records the caller and the signed-in person.
    func record(caller: CallerIdentity?, account: AuthenticatedAccount?) {
        noted.withLock { $0 = (caller, account) }
    }

    /// The caller; nil while it is not known (a call refused before its certificate was read).
    public var caller: CallerIdentity? { noted.withLock { $0.caller } }

    /// The signed-in person's account, if the call carried a token.
    public var account: AuthenticatedAccount? { noted.withLock { $0.account } }
}
