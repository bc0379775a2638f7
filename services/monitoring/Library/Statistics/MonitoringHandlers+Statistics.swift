import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension MonitoringHandlers {
    /// The longest window `GetOperationalStatistics` answers: 31 days.
    static let longestStatisticsWindow: Int64 = 31 * 86_400

    /// `GetOperationalStatistics` (Art. 4.1.g): per operation, the counts, failures and latency percentiles of a
    /// member (a member: itself only) or of the platform (the operator and Report), over the whole minutes of the
    /// window ending now — from Monitoring's own statistics (its whole hours from the hourly rollup, the minutes at its
    /// edges: ``StatisticsWindowParts``), never from Exchange.
    func getOperationalStatistics(
        request: Vdxp_Monitoring_V1_GetOperationalStatisticsRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_OperationalStatistics {
        let member = try subject(request.organisationID, field: "organisation_id", emptyMeansCaller: false)
        let window = try Self.statisticsWindow(request)
        let now = clock.now()
        let end = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let start = end.addingTimeInterval(-TimeInterval(window))
        let counts = try await statistics.window(of: member, from: start, to: end)
        return .with {
            $0.organisationID = member ?? ""
            $0.startTime = .init(date: start)
            $0.endTime = .init(date: min(end, now))
            $0.operations = counts.keys.sorted().map { operation -> Vdxp_Monitoring_V1_OperationStatistics in
                let counted = counts[operation]!
                return .with {
                    $0.operation = operation
                    $0.count = counted.count
                    $0.failureCount = counted.failureCount
                    if let p50 = counted.latencies.percentile(0.5) { $0.latencyP50 = .init(rounding: p50) }
                    if let p95 = counted.latencies.percentile(0.95) { $0.latencyP95 = .init(rounding: p95) }
                    if let p99 = counted.latencies.percentile(0.99) { $0.latencyP99 = .init(rounding: p99) }
                }
            }
        }
    }

    /// The window asked, in seconds rounded up to whole minutes: 1 minute to 31 days; unset, 1 hour.
    static func statisticsWindow(_ request: Vdxp_Monitoring_V1_GetOperationalStatisticsRequest) throws -> Int64 {
        guard request.hasWindow else { return 3600 }
        let seconds = request.window.seconds + (request.window.nanos > 0 ? 1 : 0)
        guard seconds >= 60, seconds <= longestStatisticsWindow else {
            throw MonitoringError.invalidField(
                field: "window",
                message: "window is \(request.window.seconds) s: give 1 minute (60 s) to 31 days (2678400 s), or "
                    + "leave it unset for the last hour")
        }
        return (seconds + 59) / 60 * 60
    }
}
