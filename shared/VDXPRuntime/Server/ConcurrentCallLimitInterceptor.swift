public import GRPCCore
import Synchronization

/// Lets at most ``maximum`` calls run at once per key, each for its whole life — a streamed answer included — and
/// refuses the next one at once with RESOURCE_EXHAUSTED, saying what to do.
///
/// A call is counted under the key ``key`` gives it (nil: not counted), and only for the methods in ``methods`` (nil:
/// every method). Used three times by ``ServiceHost``:
/// - on the mTLS listener, per member, for the long-lived streams a service names
///   (`ServiceComponents.memberStreams`: each holds a task, a subscription and a database poll for as long as the
///   member keeps it open) — `VDXP_MAX_OPEN_STREAMS_PER_MEMBER`;
/// - on the mTLS listener, per member, for every call — `VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER`;
/// - on the public listener, for everyone together (callers are unauthenticated there, and each call reads the
///   database) — `VDXP_PUBLIC_MAX_CONCURRENT_CALLS`.
/// Runs after `IdentityInterceptor`, whose caller the key may read from ``RequestContext``.
public struct ConcurrentCallLimitInterceptor: ServerInterceptor {
    /// The most calls counted under one key at once.
    public let maximum: Int
    /// The methods counted; nil for every method.
    public let methods: Set<MethodDescriptor>?
    /// The key a call is counted under; nil to let it through uncounted.
    public let key: @Sendable (ServerContext) -> String?
    /// The refusal's message for a key at its limit.
    public let refusal: @Sendable (_ key: String, _ maximum: Int) -> String
    private let slots = CallSlots()

    /// A limit of `maximum` calls at once per key.
    public init(
        maximum: Int, methods: Set<MethodDescriptor>? = nil, key: @escaping @Sendable (ServerContext) -> String?,
        refusal: @escaping @Sendable (_ key: String, _ maximum: Int) -> String
    ) {
        self.maximum = maximum
        self.methods = methods
        self.key = key
        self.refusal = refusal
    }

    /// How many calls are counted under `key` now.
    public func openCalls(under key: String) -> Int { slots.count(of: key) }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard methods?.contains(context.descriptor) ?? true, let key = key(context) else {
            return try await next(request, context)
        }
        guard slots.take(key, maximum: maximum) else {
            throw RPCError(code: .resourceExhausted, message: refusal(key, maximum))
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            slots.give(key)
            throw error
        }
        switch response.accepted {
        case .success(var contents):
            // The handler's work is the producer: the slot is held until it ends, however it ends — or, when
            // grpc-swift never runs it (the stream closed before the response's headers could be written), until the
            // producer is dropped, which frees the slot too.
            let producer = contents.producer
            let slot = HeldSlot(slots: slots, key: key)
            contents.producer = { writer in
                defer { slot.release() }
                return try await producer(writer)
            }
            response.accepted = .success(contents)
        case .failure:
            slots.give(key)
        }
        return response
    }
}

/// One call's slot, given back once: when its producer ends, or when the producer is dropped unrun.
private final class HeldSlot: Sendable {
    private let slots: CallSlots
    private let key: String
    private let held = Atomic(true)

    init(slots: CallSlots, key: String) {
        self.slots = slots
        self.key = key
    }

    /// Gives the slot back, the first time only.
    func release() {
        if held.exchange(false, ordering: .acquiringAndReleasing) { slots.give(key) }
    }

    deinit { release() }
}

/// The calls counted per key.
private final class CallSlots: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts one more call under `key`, unless `maximum` are counted already.
    func take(_ key: String, maximum: Int) -> Bool {
        counts.withLock { counts in
            let open = counts[key, default: 0]
            guard open < maximum else { return false }
            counts[key] = open + 1
            return true
        }
    }

    /// Counts one call under `key` fewer; a key with none left is forgotten.
    func give(_ key: String) {
        counts.withLock { counts in
            let open = counts[key, default: 1] - 1
            counts[key] = open > 0 ? open : nil
        }
    }

    /// The calls counted under `key`.
    func count(of key: String) -> Int { counts.withLock { $0[key, default: 0] } }
}
