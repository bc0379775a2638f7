import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The one seam from Monitoring's errors to gRPC status codes.
extension MonitoringError: RPCErrorConvertible {
    /// The status each refusal is answered with, as monitoring_service.proto documents it.
    var rpcErrorCode: RPCError.Code {
        switch self {
        case .invalidField: .invalidArgument
        case .notOwnMember, .allMembersNotForMembers: .permissionDenied
        case .memberNotFound, .alertNotFound: .notFound
        }
    }

    /// ``MonitoringError/description``.
    var rpcErrorMessage: String { description }

    /// For a field violation, the field and the message as a `google.rpc.BadRequest` violation.
    var rpcErrorMetadata: Metadata {
        guard case .invalidField(let field, let message) = self else { return [:] }
        return FieldViolation.badRequestMetadata(
            [FieldViolation(field: field, rule: message)], code: .invalidArgument, message: message)
    }
}
