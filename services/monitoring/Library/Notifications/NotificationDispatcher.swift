import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Delivers the outbox: takes due PENDING notifications (on every replica at once, safely: see
/// ``NotificationStore/claim(channels:now:lease:limit:)``), hands each to its channel, and records every attempt's
/// outcome with what becomes of the notification (``RetryPolicy``). A notification given up raises a
/// NOTIFICATION_FAILED alert for the operator. Woken by each enqueue, and every `interval` otherwise.
struct NotificationDispatcher: Service {
    let database: Database
    let notifications: NotificationStore
    let alerts: AlertStore
    let channels: MonitoringChannels
    let policy: RetryPolicy
    /// How long a claimed notification is kept from other replicas (`VDXP_MONITORING_OUTBOX_LEASE_SECONDS`, 10
    /// minutes by default): longer than any one delivery may take — an SMTP session waits up to
    /// `VDXP_MONITORING_SMTP_TIMEOUT_SECONDS` (30 s) for each of its 13 steps and five times that for the message's
    /// answer, 9 minutes in all; Monitoring refuses to start with a shorter lease (`MonitoringChannels.checkLease`) —
    /// so that no other replica sends it again meanwhile. A round delivers its claims concurrently, so it takes as long as its slowest
    /// delivery, not their sum. A replica that stops mid-round leaves its claims to the others after this long.
    let lease: Duration
    let hub: NotificationHub
    let interval: Duration
    let clock: WallClock
    let logger: Logger
    /// Where notifications given up are counted.
    var metrics = OutboxMetrics()
    /// Which channels are failing now, so that the start and the end of a failing streak are logged once each.
    let streaks = ChannelStreaks()

    func run() async throws {
        guard !channels.configured.isEmpty else {
            // Nothing can be delivered; the notifications wait, PENDING, for a channel to be configured.
            try? await gracefulShutdown()
            return
        }
        try await hub.withSubscription(to: MonitoringNotify.outbox) { subscription in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    // A full round is followed by another at once, but none is claimed once shutdown has begun: a
                    // claim taken now would wait for its lease to end before another replica sent it.
                    while try await dispatchRound() == Self.batch, !Task.isShuttingDownGracefully {}
                } catch {
                    logger.warning(
                        "cannot deliver notifications; retrying", metadata: ["error": "\(loggedDescription(of: error))"]
                    )
                }
                let woken = await cancelWhenGracefulShutdown { await subscription.wait(timeout: interval) }
                // Notifications stopped (the gRPC server's drain closes the hub's subscriptions before this service
                // is told to stop): keep delivering each interval until told. Returning here would end the service
                // while the group still drains the server, which ServiceLifecycle takes for a failure: it cancels
                // every RPC in flight and the process exits 1.
                if !woken { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } }
            }
        }
    }

    /// The most notifications one round takes.
    static let batch = 20

    /// Delivers the notifications due now, concurrently, each recorded as its outcome comes; returns how many it took.
    @discardableResult
    func dispatchRound() async throws -> Int {
        let claimed = try await notifications.claim(
            channels: channels.configured, now: clock.now(), lease: lease, limit: Self.batch)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for notification in claimed {
                group.addTask { try await deliver(notification) }
            }
            try await group.waitForAll()
        }
        return claimed.count
    }

    /// Hands one claimed notification to its channel and records the attempt's outcome, raising NOTIFICATION_FAILED
    /// when it is given up.
    private func deliver(_ notification: ClaimedNotification) async throws {
        guard let channel = channels.channel(notification.channel) else { return }
        let outcome = await channel.deliver(notification.message)
        streaks.record(
            outcome, channel: notification.channel, notificationID: "\(notification.notificationID)", logger: logger)
        let now = clock.now()
        let decision = policy.decision(
            after: outcome, attempt: notification.attempt, now: now, giveUpTime: notification.giveUpTime)
        let settled = try await database.transaction(logger: logger) { connection in
            let settled = try await notifications.record(
                notification, at: now, outcome: outcome, decision: decision, on: connection)
            if settled, case .giveUp(let reason) = decision {
                try await alerts.raise(
                    AlertTexts.notificationFailed(notification, reason: reason), at: now, on: connection)
            }
            return settled
        }
        guard settled else {
            logger.warning(
                """
                a notification's attempt outlived its lease (VDXP_MONITORING_OUTBOX_LEASE_SECONDS) and was claimed again: \
                the attempt is in its history, its state is the newer attempt's
                """,
                metadata: ["notification": "\(notification.notificationID)", "attempt": "\(notification.attempt)"])
            return
        }
        if case .giveUp = decision {
            metrics.givenUp(on: notification.channel)
            // Not the reason: it quotes the address or number and the relay's answer, which repeats them (personal
            // data, Decree 13/2023). The operator reads it in the notification's attempts and its alert.
            logger.error(
                "a notification was given up; its attempts say why (ListAlerts, as the operator)",
                metadata: [
                    "notification": "\(notification.notificationID)", "channel": "\(notification.channel)",
                    "alert": "\(notification.alertID)",
                ])
        }
    }
}
