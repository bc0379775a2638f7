import GRPCCore
import GRPCProtobuf

extension RPCError {
    /// The fields named by the `google.rpc.BadRequest` details of the error's `grpc-status-details-bin`, in order;
    /// empty when it carries none.
    var badRequestFields: [String] {
        guard let status = try? unpackGoogleRPCStatus() else { return [] }
        return status.details.flatMap { $0.badRequest?.violations.map(\.field) ?? [] }
    }
}
