public import GRPCCore
public import Logging
import Foundation
import Metrics
import PostgresNIO
import VDXPCore

/// Gives every RPC a request id, turns errors that are not `RPCError`s into ones a client can act on (a database
/// that cannot be reached is UNAVAILABLE; anything else is INTERNAL with the request id, the cause being logged but
/// never sent), logs the RPC's end (method, status code, duration) as one JSON line, and records
/// `vdxp_rpc_requests_total{method,code}` and `vdxp_rpc_duration_seconds{method}`. Install it first (outermost) so
/// that refused calls are counted and logged too.
public struct ObservabilityInterceptor: ServerInterceptor {
    /// Where RPC lines are logged.
    public let logger: Logger

    /// Creates the interceptor.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        let requestID = request.metadata[stringValues: "x-request-id"].first(where: { _ in true })
            .map { String($0.prefix(64)) } ?? UUID().uuidString.lowercased()
        let requestContext = RequestContext(requestID: requestID, caller: nil)
        let start = ContinuousClock.now
        let logger = self.logger
        let finish: @Sendable ((any Error)?) -> Void = { original in
            let error = original.map { Self.mapped($0, requestID: requestID) }
            let code = error.map { Self.statusCode(of: $0) } ?? "ok"
            let elapsed = ContinuousClock.now - start
            let seconds = elapsed.timeInterval
            Counter(label: "vdxp_rpc_requests_total", dimensions: [("method", method), ("code", code)]).increment()
            Timer(label: "vdxp_rpc_duration_seconds", dimensions: [("method", method)]).recordNanoseconds(
                Int64(seconds * 1e9))
            var metadata: Logger.Metadata = [
                "method": "\(method)", "code": "\(code)", "duration_ms": "\(String(format: "%.1f", seconds * 1000))",
                "request_id": "\(requestID)",
            ]
            if let error {
                metadata["error"] = "\(Self.message(of: error))"
                if let cause = (error as? RPCError)?.cause { metadata["cause"] = "\(String(reflecting: cause))" }
            }
            let level: Logger.Level = (code == "internal_error" || code == "unknown") ? .error : .info
            logger.log(level: level, "rpc finished", metadata: metadata)
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
            return response
        }
        response.withProducer { producer in
            { writer in
                do {
                    let trailers = try await RequestContext.$current.withValue(requestContext) { try await producer(writer) }
                    finish(nil)
                    return trailers
                } catch {
                    finish(error)
                    throw Self.mapped(error, requestID: requestID)
                }
            }
        }
        return response
    }

    /// The error as the client receives it.
    static func mapped(_ error: any Error, requestID: String) -> any Error {
        // grpc-swift wraps what a handler throws, if it is not an RPCError, as UNKNOWN with the original as cause.
        if let wrapped = error as? RPCError, wrapped.code == .unknown, let cause = wrapped.cause {
            return mapped(cause, requestID: requestID)
        }
        if error is RPCError || error is any RPCErrorConvertible { return error }
        if error is CancellationError { return RPCError(code: .cancelled, message: "the call was cancelled") }
        if let error = error as? PSQLError, error.serverInfo == nil {
            return RPCError(
                code: .unavailable,
                message: "the database cannot be reached right now: retry shortly (request id \(requestID))")
        }
        return RPCError(
            code: .internalError,
            message: "the server failed to handle this call; the operator can find the cause under request id \(requestID)")
    }

    static func statusCode(of error: any Error) -> String {
        if let error = error as? RPCError { return Self.name(of: error.code) }
        if error is CancellationError { return "cancelled" }
        if error is PSQLError { return "internal_error" }
        if let convertible = error as? any RPCErrorConvertible { return Self.name(of: convertible.rpcErrorCode) }
        return "unknown"
    }

    static func message(of error: any Error) -> String {
        if let error = error as? RPCError { return error.message }
        return String(reflecting: error)
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
