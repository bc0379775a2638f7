import ArgumentParser
import Foundation
import GRPCCore
import GRPCProtobuf

/// The statuses `vdxp` exits with, one per kind of failure, so a script can tell a refused request from a platform
/// that is down. Listed in README.md ("Exit statuses").
enum ExitStatus: Int32, Sendable {
    /// Done.
    case success = 0
    /// Anything not below: a local problem (a missing file, a bad cluster file) or an unexpected answer.
    case failure = 1
    /// The request was refused as it stands: INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE — or
    /// a destructive command run without a terminal and without `--yes`. Retrying the same request will not help.
    case refused = 2
    /// The platform could not be reached or did not answer in time: UNAVAILABLE, DEADLINE_EXCEEDED. Worth a retry.
    case unreachable = 3
    /// The identity used may not do this: PERMISSION_DENIED, UNAUTHENTICATED.
    case denied = 4
    /// What the request names does not exist: NOT_FOUND.
    case notFound = 5
    /// A quota or rate limit: RESOURCE_EXHAUSTED. Worth a retry later.
    case exhausted = 6
    /// `vdxp audit verify` found the journal tampered with (not a failure to check it).
    case tampered = 7

    /// The status a failed call with `code` exits with.
    init(_ code: RPCError.Code) {
        switch code {
        case .invalidArgument, .failedPrecondition, .alreadyExists, .outOfRange: self = .refused
        case .unavailable, .deadlineExceeded: self = .unreachable
        case .permissionDenied, .unauthenticated: self = .denied
        case .notFound: self = .notFound
        case .resourceExhausted: self = .exhausted
        default: self = .failure
        }
    }
}

/// Why a command failed, as a person reads it on standard error, and the status it exits with: the one seam every
/// command's failure goes through (``VDXP/main()``).
///
/// A refused call prints its status code in words, the service's message, each field the service named (the
/// `google.rpc.BadRequest` details) on its own line, and what to try next:
///
/// ```text
/// vdxp: central refused the request (INVALID_ARGUMENT): the contact needs a phone number
///   contact.phone: required, the number alerts are sent to by SMS (Art. 9.2)
/// ```
struct CommandFailure: Error, CustomStringConvertible {
    /// The status the process exits with.
    var status: ExitStatus
    /// The lines printed to standard error, the first the summary.
    var lines: [String]

    var description: String { lines.joined(separator: "\n") }

    /// A failure saying `message`, exiting with `status`.
    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.lines = [message]
    }

    /// The failure of a call refused with `error`, made as `call` (the last client the command connected with).
    init(_ error: RPCError, call: CallRecord.Call?) {
        status = ExitStatus(error.code)
        let service = call?.service ?? "the platform"
        var lines = ["\(service) \(Self.verb(error.code)) (\(Self.name(error.code))): \(error.message)"]
        if let details = try? error.unpackGoogleRPCStatus()?.details {
            for detail in details {
                for violation in detail.badRequest?.violations ?? [] {
                    lines.append("  \(violation.field): \(violation.violationDescription)")
                }
                for violation in detail.preconditionFailure?.violations ?? [] {
                    lines.append("  \(violation.subject): \(violation.violationDescription)")
                }
            }
        }
        if let hint = Self.hint(error.code, call: call) { lines.append(hint) }
        self.lines = lines
    }

    /// What failed, for the errors `vdxp` itself describes; nil for any other (the argument parser's own — usage,
    /// `--help` — exit statuses, a library's error), which ``VDXP/main()`` hands to the parser: it prints the error
    /// and exits 1, or 64 for a usage error.
    static func from(_ error: any Error) -> CommandFailure? {
        switch error {
        case let failure as CommandFailure: return failure
        case let error as RPCError: return CommandFailure(error, call: CallRecord.latest)
        case let error as CLIError: return CommandFailure(.failure, error.description)
        default: return nil
        }
    }

    /// Prints the failure to standard error, `vdxp: ` before its first line.
    func report() {
        FileHandle.standardError.write(Data(("vdxp: " + description + "\n").utf8))
    }

    /// The status code as gRPC spells it.
    static func name(_ code: RPCError.Code) -> String {
        switch code {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "\(code)"
        }
    }

    /// What happened, in words, before the code.
    private static func verb(_ code: RPCError.Code) -> String {
        switch code {
        case .invalidArgument, .failedPrecondition, .outOfRange: "refused the request"
        case .alreadyExists: "refused the request: it exists already"
        case .unavailable: "could not be reached"
        case .deadlineExceeded: "did not answer in time"
        case .permissionDenied, .unauthenticated: "refused the identity"
        case .notFound: "found nothing"
        case .resourceExhausted: "refused the request for now"
        default: "failed"
        }
    }

    /// What to try next, when there is something to say.
    private static func hint(_ code: RPCError.Code, call: CallRecord.Call?) -> String? {
        switch code {
        case .unavailable:
            let address = call.map { " (\($0.service) at \($0.address))" } ?? ""
            return "hint: is the platform up\(address)? check the addresses in the cluster or platform file (--cluster)"
        case .deadlineExceeded:
            let seconds = call?.timeout.map { " of \($0.components.seconds) s" } ?? ""
            return "hint: the call's timeout\(seconds) ran out; give --timeout SECONDS to allow longer"
        case .permissionDenied, .unauthenticated:
            let identity = call.map { " as \($0.identity)" } ?? ""
            return "hint: the call was made\(identity); use --as to call as another member, or --token-file with"
                + " the token of an account that has the role"
        case .resourceExhausted:
            return "hint: a quota or rate limit was reached; wait and retry"
        default:
            return nil
        }
    }
}
