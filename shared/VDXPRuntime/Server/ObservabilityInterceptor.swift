import Foundation
public import GRPCCore
public import Logging
import Metrics
import NIOCore
import PostgresNIO
import VDXPCore
import VDXPStore

/// Gives every RPC a request id, turns errors that are not `RPCError`s into ones a client can act on (a database
/// that cannot be reached is UNAVAILABLE; anything else is INTERNAL with the request id, the cause being logged but
/// never sent), logs the RPC's end (method, caller, status code, duration) as one JSON line, and records
/// `vdxp_rpc_requests_total{method,code}` and `vdxp_rpc_duration_seconds{method}`. Install it first (outermost) so
/// that refused calls are counted and logged too.
public struct ObservabilityInterceptor: ServerInterceptor {
    /// Which RPCs get a log line at their end (`VDXP_RPC_LOG`).
    public enum RPCLog: String, Sendable, CaseIterable {
        /// Every RPC, at info: an access log of who called what, when, and how it ended.
        case all
        /// Only RPCs that did not end OK, at info (the caller's mistake) or error (the server's fault); the others at
        /// debug. The metrics still count every call.
        case failures
    }

    /// Where RPC lines are logged.
    public let logger: Logger
    /// Which RPCs are logged at info or above.
    public let rpcLog: RPCLog

    /// Creates the interceptor.
    public init(logger: Logger, rpcLog: RPCLog = .all) {
        self.logger = logger
        self.rpcLog = rpcLog
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let start = ContinuousClock.now
        let method = context.descriptor.fullyQualifiedMethod
        let requestID =
            request.metadata[stringValues: "x-request-id"].first(where: { _ in true })
            .map { String($0.prefix(64)) } ?? UUID().uuidString.lowercased()
        let deadline = request.metadata[stringValues: "grpc-timeout"].first(where: { _ in true })
            .flatMap(GRPCTimeout.parse).map { start + $0 }
        let note = CallerNote()
        let requestContext = RequestContext(requestID: requestID, caller: nil, note: note, deadline: deadline)
        let (logger, rpcLog) = (self.logger, self.rpcLog)
        let finish: @Sendable ((any Error)?) -> Void = { original in
            let error = original.map { Self.mapped($0, requestID: requestID) }
            let code = error.map { Self.name(of: $0.code) } ?? "ok"
            let elapsed = ContinuousClock.now - start
            let seconds = elapsed.timeInterval
            Counter(label: "vdxp_rpc_requests_total", dimensions: [("method", method), ("code", code)]).increment()
            Timer(label: "vdxp_rpc_duration_seconds", dimensions: [("method", method)]).recordNanoseconds(
                Int64(seconds * 1e9))
            let level: Logger.Level =
                switch error.map({ Self.isServerFault($0.code) }) {
                case true: .error
                case false: .info
                case nil: rpcLog == .all ? .info : .debug
                }
            // A line the logger drops is not built (with VDXP_RPC_LOG=failures, every call that ended OK).
            guard level >= logger.logLevel else { return }
            var metadata: Logger.Metadata = [
                "method": "\(method)", "code": "\(code)", "duration_ms": "\(String(format: "%.1f", seconds * 1000))",
                "request_id": "\(requestID)",
            ]
            if let caller = note.caller { metadata["caller"] = "\(caller)" }
            if let account = note.account { metadata["account"] = "\(account.username)" }
            if let error {
                metadata["error"] = "\(error.message)"
                if let cause = error.cause { metadata["cause"] = "\(loggedDescription(of: cause).prefix(2000))" }
            }
            logger.log(level: level, "rpc finished", metadata: metadata)
        }
        if let deadline, ContinuousClock.now >= deadline {
            finish(RPCError.deadlinePassed)
            throw RPCError.deadlinePassed
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await RequestContext.$current.withValue(requestContext) { try await next(request, context) }
        } catch {
            finish(error)
            throw Self.mapped(error, requestID: requestID)
        }
        if case .failure(let error) = response.accepted {
            finish(error)
            return StreamingServerResponse(error: Self.mapped(error, requestID: requestID))
        }
        response.withProducer { producer in
            { writer in
                do {
                    let trailers = try await RequestContext.$current.withValue(requestContext) {
                        try await producer(writer)
                    }
                    if let deadline, ContinuousClock.now >= deadline, context.cancellation.isCancelled {
                        // A stream that stopped because its deadline passed ends with DEADLINE_EXCEEDED, not OK.
                        throw RPCError.deadlinePassed
                    }
                    finish(nil)
                    return trailers
                } catch {
                    var error = error
                    if let deadline, ContinuousClock.now >= deadline, error is CancellationError {
                        error = RPCError.deadlinePassed
                    } else if deadline.map({ ContinuousClock.now < $0 }) ?? true,
                        Self.isClientGone(error, cancelled: context.cancellation.isCancelled)
                    {
                        error = RPCError(
                            code: .cancelled, message: "the client closed the call before it ended", cause: error)
                    }
                    finish(error)
                    throw Self.mapped(error, requestID: requestID)
                }
            }
        }
        return response
    }

    /// The error as the client receives it: an `RPCError` whose message is bounded (``ErrorMessage``); a domain error
    /// with its own status (`RPCErrorConvertible`) keeps it and its details; a database that cannot be reached is
    /// UNAVAILABLE; anything else is INTERNAL with the request id, the cause kept for the log but never sent.
    static func mapped(_ error: any Error, requestID: String) -> RPCError {
        // grpc-swift wraps what a handler throws, if it is not an RPCError, as UNKNOWN with the original as cause.
        if let wrapped = error as? RPCError, wrapped.code == .unknown, let cause = wrapped.cause {
            return mapped(cause, requestID: requestID)
        }
        if var error = error as? RPCError {
            // grpc-swift's own words when a unary method's request stream carries no message or more than one: the
            // client broke the protocol, and a server-error alert must not count it.
            if error.code == .internalError, ["Empty stream.", "Too many messages."].contains(error.message) {
                return RPCError(
                    code: .invalidArgument,
                    message: "a call of this method carries exactly one request message (\(error.message))")
            }
            error.message = ErrorMessage.bounded(error.message)
            return error
        }
        if let convertible = error as? any RPCErrorConvertible {
            return RPCError(
                code: convertible.rpcErrorCode, message: ErrorMessage.bounded(convertible.rpcErrorMessage),
                metadata: convertible.rpcErrorMetadata, cause: error)
        }
        if error is CancellationError { return RPCError(code: .cancelled, message: "the call was cancelled") }
        if isDatabaseUnavailable(error) {
            return RPCError(
                code: .unavailable,
                message: "the database cannot be reached right now: retry shortly (request id \(requestID))",
                cause: error)
        }
        return RPCError(
            code: .internalError,
            message:
                "the server failed to handle this call; the operator can find the cause under request id \(requestID)",
            cause: error)
    }

    /// Codes that mean the server, not the caller, is at fault: logged as errors. The server-error alert
    /// (VDXPServerErrors) counts them all but UNIMPLEMENTED, which an older or newer client calling a method this
    /// version does not serve causes as well. Everything else (bad input, refusals, oversize messages, deadlines,
    /// cancellations) is the caller's.
    static func isServerFault(_ code: RPCError.Code) -> Bool {
        code == .internalError || code == .unknown || code == .dataLoss || code == .unavailable
            || code == .unimplemented
    }

    /// Whether a streaming answer failed because its client went away — the call cancelled, or its channel closed
    /// under a write — which is the client's doing, not a server fault (nor the server-error alert's business).
    static func isClientGone(_ error: any Error, cancelled: Bool) -> Bool {
        if cancelled || error is CancellationError { return true }
        if let channel = error as? ChannelError, channel == .ioOnClosedChannel || channel == .alreadyClosed {
            return true
        }
        if let wrapped = error as? RPCError, let cause = wrapped.cause { return isClientGone(cause, cancelled: false) }
        return false
    }

    static func name(of code: RPCError.Code) -> String {
        // "invalidArgument" → "invalid_argument"
        var result = ""
        for character in String(describing: code) {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
