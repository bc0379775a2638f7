import GRPCCore
import Synchronization
import VDXPRuntime

/// The last platform client a command called with — the service, address, identity and deadline — so a failure can
/// say which identity was refused, which address did not answer and which timeout ran out (``CommandFailure``).
enum CallRecord {
    /// One client's description.
    struct Call: Sendable {
        var service: String
        var address: HostAndPort
        var identity: String
        var timeout: Duration?
    }

    private static let last = Mutex<Call?>(nil)

    /// Records `call` as the latest.
    static func note(_ call: Call) { last.withLock { $0 = call } }

    /// The latest call recorded, if any.
    static var latest: Call? { last.withLock { $0 } }
}

/// Records its client's ``CallRecord/Call`` as each call starts — before it connects, so that a connection refused
/// or a deadline run out is told against the right address and identity.
struct CallRecordInterceptor: ClientInterceptor {
    /// The client's description.
    let call: CallRecord.Call

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        CallRecord.note(call)
        return try await next(request, context)
    }
}

/// Runs `body`, failing it with DEADLINE_EXCEEDED when it has not finished after `timeout` (nil: no limit) — for a
/// whole conversation of several calls (the journal audit) that is bounded as one rather than call by call.
func withDeadline<Result: Sendable>(
    _ timeout: Duration?, doing what: String, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    guard let timeout else { return try await body() }
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw RPCError(code: .deadlineExceeded, message: "\(what) did not finish within \(timeout)")
        }
        return result
    }
}
