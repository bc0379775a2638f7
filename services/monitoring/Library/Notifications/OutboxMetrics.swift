import Foundation
import Metrics
import VDXPProto

/// The outbox's figures for the operator (docs/operations.md, "What to watch"), per process:
/// - `vdxp_monitoring_notifications_pending{lane}`: e-mails and SMS not yet sent nor given up, in the lane of messages
///   to one member or the operator group (`single`) and of broadcasts to every member (`broadcast`);
/// - `vdxp_monitoring_oldest_pending_notification_seconds{lane}`: how long ago the oldest of them was enqueued, 0 when
///   none — a lost connection's notice must be sent within 30 minutes (Art. 9.2): alert `VDXPNotificationsLate`;
/// - `vdxp_monitoring_notifications_given_up_total{channel}`: notifications given up (refused, or past
///   `VDXP_MONITORING_NOTIFICATION_MAX_AGE_MINUTES`), each also a NOTIFICATION_FAILED alert in the operators' inbox.
struct OutboxMetrics: Sendable {
    private let factory: any MetricsFactory

    /// The metrics, from `factory` (the process's by default).
    init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// The outbox holds `backlog` at `now`; a lane without pending notifications reads 0.
    func record(_ backlog: [NotificationStore.LaneBacklog], at now: Date) {
        for bulk in [false, true] {
            let lane = backlog.first { $0.bulk == bulk }
            let dimensions = [("lane", bulk ? "broadcast" : "single")]
            Gauge(label: "vdxp_monitoring_notifications_pending", dimensions: dimensions, factory: factory)
                .record(lane?.pending ?? 0)
            Gauge(
                label: "vdxp_monitoring_oldest_pending_notification_seconds", dimensions: dimensions, factory: factory
            )
            .record(lane?.oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
    }

    /// A notification on `channel` was given up.
    func givenUp(on channel: Vdxp_Monitoring_V1_Channel) {
        let name = channel == .sms ? "sms" : "email"
        Counter(
            label: "vdxp_monitoring_notifications_given_up_total", dimensions: [("channel", name)], factory: factory
        )
        .increment()
    }
}
