import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension MonitoringHandlers {
    /// The most members one `RecordMemberActivity` may report.
    static let maximumActivityReports = 1000

    /// The members of a `RecordMemberActivity` written in one transaction (their rows stay locked until it
    /// commits: a heartbeat of one of them waits that long).
    static let activitiesPerTransaction = 100

    /// `RecordMemberActivity`: Exchange reports which members' systems called it, and when last; each counts as the
    /// member's activity, as a heartbeat does (without the system's description).
    func recordMemberActivity(
        request: Vdxp_Monitoring_V1_RecordMemberActivityRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_RecordMemberActivityResponse {
        let activities = try Self.activities(in: request)
        // A transaction, and so a durable commit, per slice of members, not per member: Exchange reports every
        // active member once a minute from each replica, thousands of members at 10,000. The members are locked in
        // the order of their ids, as by every other report, so two reports never wait on each other in a cycle.
        for start in stride(from: 0, to: activities.count, by: Self.activitiesPerTransaction) {
            let slice = activities[start..<min(start + Self.activitiesPerTransaction, activities.count)]
            try RequestContext.checkDeadline()
            try await database.transaction(logger: logger) { connection in
                for activity in slice {
                    _ = try await tracker.update(activity.organisationID, activity: activity, on: connection)
                }
            }
        }
        return .with { $0.recorded = Int32(activities.count) }
    }

    /// The activities a `RecordMemberActivity` request reports, validated, one per member (its latest call).
    static func activities(
        in request: Vdxp_Monitoring_V1_RecordMemberActivityRequest
    ) throws -> [MemberActivity] {
        guard request.members.count <= maximumActivityReports else {
            throw MonitoringError.invalidField(
                field: "members",
                message:
                    "members has \(request.members.count) entries; at most \(maximumActivityReports) are allowed: "
                    + "report in batches")
        }
        var latest: [String: MemberActivity] = [:]
        for (index, calls) in request.members.enumerated() {
            let field = "members[\(index)]"
            _ = try Validate.organisationID(calls.organisationID, field: "\(field).organisation_id")
            guard calls.hasLastCallTime else {
                throw MonitoringError.invalidField(
                    field: "\(field).last_call_time", message: "last_call_time is required: when the member last called"
                )
            }
            let method = String(calls.method.prefix(100))
            let activity = MemberActivity(
                organisationID: calls.organisationID, time: calls.lastCallTime.date, heartbeatSystem: nil,
                description: method.isEmpty ? "calls to Exchange" : "calls to Exchange (\(method))")
            if let earlier = latest[activity.organisationID], earlier.time >= activity.time { continue }
            latest[activity.organisationID] = activity
        }
        return latest.keys.sorted().compactMap { latest[$0] }
    }
}
