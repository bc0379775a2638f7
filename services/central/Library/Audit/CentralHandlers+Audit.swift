import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

/// The audit trail: who did what, when and why.
extension CentralHandlers {
    func listAuditEvents(
        request: Vdxp_Central_V1_ListAuditEventsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListAuditEventsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let scope = "central.audit"
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? Int64.max
        let events = try await stores.auditLog.events(
            before: before, targetPrefix: request.targetPrefix, action: request.action, limit: pageSize + 1)
        var response = Vdxp_Central_V1_ListAuditEventsResponse()
        response.events = Array(events.prefix(pageSize))
        if events.count > pageSize, let last = response.events.last {
            response.nextPageToken = try PageToken(last.id).encoded(scope: scope)
        }
        return response
    }
}
