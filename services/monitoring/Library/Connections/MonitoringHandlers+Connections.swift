import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension MonitoringHandlers {
    /// `Heartbeat`: the calling member's system is alive.
    func heartbeat(
        request: Vdxp_Monitoring_V1_HeartbeatRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_HeartbeatResponse {
        let member = try RequestContext.memberID()
        let system = request.system.trimmingCharacters(in: .whitespacesAndNewlines)
        guard system.codePointCount <= 200 else {
            throw MonitoringError.invalidField(
                field: "system", message: "system has \(system.codePointCount) characters; at most 200 are allowed")
        }
        let activity = MemberActivity(
            organisationID: member, time: clock.now(), heartbeatSystem: system, description: "heartbeat")
        let row = try await database.transaction(logger: logger) { connection in
            try RequestContext.checkDeadline()
            return try await tracker.update(member, activity: activity, on: connection)
        }
        return .with {
            $0.connection = row.proto(rule: settings.connectionRule, heldSince: tracker.blindness.openSince)
            $0.heartbeatInterval = .init(rounding: settings.heartbeatInterval)
        }
    }

    /// `GetMemberConnection`: one member's connection.
    func getMemberConnection(
        request: Vdxp_Monitoring_V1_GetMemberConnectionRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_MemberConnection {
        guard !request.organisationID.isEmpty else {
            throw MonitoringError.invalidField(
                field: "organisation_id", message: "organisation_id is required: the member to look up")
        }
        guard let member = try subject(request.organisationID, field: "organisation_id", emptyMeansCaller: true)
        else { throw MonitoringError.memberNotFound(organisationID: request.organisationID) }
        if let row = try await members.row(member), row.state != .unspecified {
            return row.proto(rule: settings.connectionRule, heldSince: tracker.blindness.openSince)
        }
        guard let configured = configuration.snapshot?.members[member] else {
            throw MonitoringError.memberNotFound(organisationID: member)
        }
        // In the configuration, not yet evaluated: say what the rule says now, without recording it.
        var row = MemberConnectionRow.new(member, at: clock.now())
        _ = settings.connectionRule.evaluate(
            &row, memberState: configured.state, now: clock.now(), blindness: tracker.blindness)
        return row.proto(rule: settings.connectionRule, heldSince: tracker.blindness.openSince)
    }

    /// `ListMemberConnections`: every member's connection.
    func listMemberConnections(
        request: Vdxp_Monitoring_V1_ListMemberConnectionsRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_ListMemberConnectionsResponse {
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 500)
        guard Vdxp_Monitoring_V1_ConnectionState.allCases.contains(request.state) else {
            throw MonitoringError.invalidField(
                field: "state", message: "state \(request.state.rawValue) is not a ConnectionState")
        }
        let scope = "monitoring.ListMemberConnections.\(request.state.rawValue)"
        let after = try PageToken<String>.decodeIfPresent(request.pageToken, scope: scope) ?? ""
        let page = try await members.page(
            state: request.state == .unspecified ? nil : request.state, after: after, limit: pageSize + 1)
        let held = tracker.blindness.openSince
        return try .with {
            $0.connections = page.prefix(pageSize).map { $0.proto(rule: settings.connectionRule, heldSince: held) }
            if page.count > pageSize, let last = $0.connections.last {
                $0.nextPageToken = try PageToken(last.organisationID).encoded(scope: scope)
            }
        }
    }

    /// `ListConnectionChanges`: the history of connection states.
    func listConnectionChanges(
        request: Vdxp_Monitoring_V1_ListConnectionChangesRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_ListConnectionChangesResponse {
        let member = try subject(request.organisationID, field: "organisation_id", emptyMeansCaller: false)
        let pageSize = try Validate.pageSize(request.pageSize, default: 100, maximum: 1000)
        let start = request.hasStartTime ? request.startTime.date : nil
        let end = request.hasEndTime ? request.endTime.date : nil
        let recordedSince = request.hasRecordedSince ? request.recordedSince.date : nil
        if let start, let end, end <= start {
            throw MonitoringError.invalidField(
                field: "end_time", message: "end_time must be after start_time, or left unset for now")
        }
        let scope = "monitoring.ListConnectionChanges.\(member ?? "")"
        let after = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? 0
        let page = try await changes.changes(
            organisationID: member, start: start, end: end, recordedSince: recordedSince, after: after,
            limit: pageSize + 1)
        return try .with {
            $0.changes = Array(page.prefix(pageSize))
            if page.count > pageSize, let last = $0.changes.last {
                $0.nextPageToken = try PageToken(last.changeID).encoded(scope: scope)
            }
        }
    }
}
