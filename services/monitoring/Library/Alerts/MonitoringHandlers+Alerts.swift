import Foundation
import GRPCCore
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension MonitoringHandlers {
    /// How long an idle `WatchAlerts` waits before it reads the alerts again without being woken. Every raise wakes
    /// the watchers at once (`NOTIFY monitoring_alerts`, and the hub wakes them again after it lost its LISTEN
    /// connection), so this is only a safety net — and each look is a query: at 5 s, 10,000 members watching their
    /// alerts (Art. 19.1's warning API) made 2,000 queries a second while nothing happened.
    static let watchIdleWait: Duration = .seconds(30)

    /// Whose alerts the caller reads: a member its own and the platform-wide ones (naming another member is refused);
    /// the operator all, or one member's.
    func audience(_ requested: String) throws -> AlertAudience {
        let caller = try RequestContext.caller()
        if let own = caller.organisationID {
            guard requested.isEmpty || requested == own else {
                throw MonitoringError.notOwnMember(caller: own, asked: requested)
            }
            return .member(own)
        }
        if requested.isEmpty { return .everyone }
        _ = try Validate.organisationID(requested, field: "organisation_id")
        return .onlyMember(requested)
    }

    /// `alerts` with their notifications and every attempt — for a member, only those to its own contacts: a
    /// platform-wide alert goes to every member's, which no other member may read.
    func withNotifications(
        _ alerts: [Vdxp_Monitoring_V1_Alert], for audience: AlertAudience
    ) async throws -> [Vdxp_Monitoring_V1_Alert] {
        let addressedTo: String? =
            switch audience {
            case .member(let own): own
            case .everyone, .onlyMember: nil
            }
        let byAlert = try await notifications.notifications(ofAlerts: alerts.map(\.alertID), addressedTo: addressedTo)
        return alerts.map { alert in
            var alert = alert
            alert.notifications = byAlert[alert.alertID] ?? []
            if addressedTo != nil {
                for index in alert.notifications.indices {
                    for attempt in alert.notifications[index].attempts.indices {
                        alert.notifications[index].attempts[attempt].outcome = Self.memberOutcome(
                            accepted: alert.notifications[index].attempts[attempt].accepted)
                    }
                }
            }
            return alert
        }
    }

    /// What a member reads of an attempt to notify it: whether it was accepted, not the relay's or gateway's answer,
    /// which names the platform's relay and gateway (their addresses, the relay's account, the gateway's replies) and
    /// is for the operator.
    static func memberOutcome(accepted: Bool) -> String {
        accepted
            ? "accepted for delivery / đã được nhận để chuyển"
            : "not accepted; the operator has the details / không được nhận; đơn vị vận hành có chi tiết"
    }

    /// `ListAlerts`: newest first, with their notifications.
    func listAlerts(
        request: Vdxp_Monitoring_V1_ListAlertsRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_ListAlertsResponse {
        let audience = try audience(request.organisationID)
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "monitoring.ListAlerts.\(request.organisationID).\(request.unacknowledgedOnly)"
        let before = try PageToken<Int64>.decodeIfPresent(request.pageToken, scope: scope) ?? Int64.max
        let page = try await alerts.alerts(
            visibleTo: audience, unacknowledgedOnly: request.unacknowledgedOnly, before: before, limit: pageSize + 1)
        let shown = try await withNotifications(Array(page.prefix(pageSize)), for: audience)
        return try .with {
            $0.alerts = shown
            if page.count > pageSize, let last = shown.last {
                $0.nextPageToken = try PageToken(last.alertID).encoded(scope: scope)
            }
        }
    }

    /// `WatchAlerts`: the alerts after `after_alert_id`, then each new one as it is raised (on any replica: a
    /// raise sends `NOTIFY monitoring_alerts` at commit), until the caller goes or the server shuts down.
    func watchAlerts(
        request: Vdxp_Monitoring_V1_WatchAlertsRequest, response: RPCWriter<Vdxp_Monitoring_V1_Alert>,
        context: ServerContext
    ) async throws {
        guard request.afterAlertID >= 0 else {
            throw MonitoringError.invalidField(
                field: "after_alert_id", message: "after_alert_id must be 0 or more; got \(request.afterAlertID)")
        }
        let audience = try audience("")
        try await hub.withSubscription(
            to: MonitoringNotify.alerts, matching: { MonitoringNotify.concerns(audience, payload: $0) }
        ) { subscription in
            var cursor = request.afterAlertID
            if cursor == 0 { cursor = try await alerts.latestID() }
            while !context.cancellation.isCancelled {
                let batch = try await alerts.alerts(visibleTo: audience, after: cursor, limit: 100)
                for alert in try await withNotifications(batch, for: audience) {
                    try await response.write(alert)
                    cursor = alert.alertID
                }
                if batch.count == 100 { continue }
                if !(await subscription.wait(timeout: Self.watchIdleWait)) { return }
            }
        }
    }

    /// `AcknowledgeAlert`: the operator has seen it; the first acknowledgement is kept.
    func acknowledgeAlert(
        request: Vdxp_Monitoring_V1_AcknowledgeAlertRequest, context: ServerContext
    ) async throws -> Vdxp_Monitoring_V1_Alert {
        guard request.alertID > 0 else {
            throw MonitoringError.invalidField(
                field: "alert_id", message: "alert_id is required: the id of an alert from ListAlerts")
        }
        let who =
            switch try RequestContext.caller() {
            case .operator(let name): "operator:\(name)"
            case let other: other.description
            }
        guard let alert = try await alerts.acknowledge(request.alertID, by: who, at: clock.now()) else {
            throw MonitoringError.alertNotFound(alertID: request.alertID)
        }
        return try await withNotifications([alert], for: .everyone).first ?? alert
    }
}
