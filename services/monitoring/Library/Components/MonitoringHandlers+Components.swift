import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension MonitoringHandlers {
    /// `ListComponents`: every component with what its last probes found.
    func listComponents(
        request: Vdxp_Monitoring_V1_ListComponentsRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_ListComponentsResponse {
        let all = try await components.all()
        return .with { $0.components = all }
    }

    /// `ListIncidents`: newest first, open ones only if asked.
    func listIncidents(
        request: Vdxp_Monitoring_V1_ListIncidentsRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_ListIncidentsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "monitoring.ListIncidents.\(request.openOnly)"
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? Int64.max
        let page = try await incidents.incidents(openOnly: request.openOnly, before: before, limit: pageSize + 1)
        return try .with {
            $0.incidents = Array(page.prefix(pageSize))
            if page.count > pageSize, let last = $0.incidents.last {
                $0.nextPageToken = try PageToken(last.incidentID).encoded(scope: scope)
            }
        }
    }
}
