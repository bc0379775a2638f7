public import GRPCCore
import GRPCProtobuf

extension RPCError {
    /// The fields named by the `google.rpc.BadRequest` details of the error's `grpc-status-details-bin` trailer, in
    /// order — the proto path of each field a VDXP service refused, e.g. `document.header.subject`; empty when the
    /// error carries none.
    public var badRequestFields: [String] {
        guard let status = try? unpackGoogleRPCStatus() else { return [] }
        return status.details.flatMap { $0.badRequest?.violations.map(\.field) ?? [] }
    }
}
