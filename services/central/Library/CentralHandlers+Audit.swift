import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The audit trail: who did what, when and why.
extension CentralHandlers {
    func listAuditEvents(
        request: Vdxp_Central_V1_ListAuditEventsRequest, context: ServerContext
    ) async throws -> Vdxp_Central_V1_ListAuditEventsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let scope = "central.audit"
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? Int64.max
        let prefix =
            request.targetPrefix
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try await repository.database.query(
            """
            SELECT id, record_time, actor, action, target, reason FROM central.audit_log
            WHERE id < \(before) AND target LIKE \(prefix) AND (\(request.action) = '' OR action = \(request.action))
            ORDER BY id DESC LIMIT \(pageSize + 1)
            """, logger: logger)
        var events: [Vdxp_Central_V1_AuditEvent] = []
        for try await (id, time, actor, action, target, reason) in rows.decode(
            (Int64, Date, String, String, String, String).self)
        {
            events.append(
                .with {
                    $0.id = id
                    $0.recordTime = .init(date: time)
                    $0.actor = actor
                    $0.action = action
                    $0.target = target
                    $0.reason = reason
                })
        }
        var response = Vdxp_Central_V1_ListAuditEventsResponse()
        response.events = Array(events.prefix(pageSize))
        if events.count > pageSize, let last = response.events.last {
            response.nextPageToken = try PageToken(last.id).encoded(scope: scope)
        }
        return response
    }
}
