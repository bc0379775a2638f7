import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The `vdxp.monitoring.v1.MonitoringService` handlers, split by concern into `MonitoringHandlers+*.swift`.
/// Access is checked by `IdentityInterceptor` with `MonitoringAccessRules`; handlers narrow a member to its own
/// connection and alerts. A handler validates the request, calls the stores (or the tracker) and builds the response;
/// the SQL lives in the stores.
struct MonitoringHandlers: Vdxp_Monitoring_V1_MonitoringService.SimpleServiceProtocol {
    let database: Database
    let members: MemberConnectionStore
    let changes: ConnectionChangeStore
    let alerts: AlertStore
    let notifications: NotificationStore
    let components: ComponentStore
    let incidents: IncidentStore
    let statistics: OperationStatisticsStore
    let tracker: ConnectionTracker
    let hub: NotificationHub
    let configuration: GlobalConfigurationStore
    let settings: MonitoringSettings
    let clock: WallClock
    let logger: Logger

    /// The organisation id a request is about: a member may name only itself (or leave it empty, meaning itself when
    /// `emptyMeansCaller`); the operator and Report may name anyone, or leave it empty for everyone (nil).
    func subject(_ requested: String, field: String, emptyMeansCaller: Bool) throws -> String? {
        let caller = try RequestContext.caller()
        if let own = caller.organisationID {
            if requested.isEmpty {
                guard emptyMeansCaller else { throw MonitoringError.allMembersNotForMembers(caller: own) }
                return own
            }
            guard requested == own else { throw MonitoringError.notOwnMember(caller: own, asked: requested) }
            return own
        }
        if requested.isEmpty { return nil }
        _ = try Validate.organisationID(requested, field: field)
        return requested
    }
}
