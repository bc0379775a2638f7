import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// A rollout stops Monitoring gracefully: its gRPC server drains first (closing the notification hub's subscriptions,
/// so that `WatchAlerts` streams end), then the background jobs. The dispatcher must keep running until it is itself
/// told to stop: a service that returns while the group drains another is an unexpected end to ServiceLifecycle,
/// which cancels every RPC in flight and fails the whole stop.
@Suite("Monitoring: the dispatcher lets a graceful stop drain", .timeLimit(.minutes(5)))
struct MonitoringDispatcherShutdownTests {
    /// Stands in for the gRPC server: when the stop begins it closes the hub's subscriptions (as Monitoring's
    /// `onShutdown` does), then drains for a second.
    struct DrainingServer: Service {
        let hub: NotificationHub

        func run() async throws {
            try? await gracefulShutdown()
            hub.closeSubscriptions()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// A relay that accepts every message and counts them.
    final class CountingChannel: NotificationChannel {
        let count = Mutex(0)

        func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
            count.withLock { $0 += 1 }
            return .accepted(detail: "250 ok")
        }
    }

    @Test("the server drains after the hub closed; the group stops without error, the e-mail already sent")
    func gracefulStop() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let now = clock.now
            let notifications = NotificationStore(database: database, logger: logger)
            let policy = RetryPolicy(
                firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600))
            try await database.transaction(logger: logger) { connection in
                try await notifications.enqueue(
                    OutgoingNotification(
                        organisationID: "000.00.00.H26", channel: .email, address: "vanthu@hue.gov.vn", subject: "VDXP",
                        body: "Thông báo"),
                    at: now, giveUpTime: policy.giveUpTime(createdAt: now), on: connection)
            }
            let hub = NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger)
            let relay = CountingChannel()
            let dispatcher = NotificationDispatcher(
                database: database, notifications: notifications,
                alerts: AlertStore(database: database, logger: logger),
                channels: MonitoringChannels(email: relay, sms: nil), policy: policy, lease: .seconds(600), hub: hub,
                interval: .milliseconds(200), clock: clock.wallClock, logger: logger)
            // Stopped in reverse order: the server first, then the dispatcher, then the hub.
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: hub), .init(service: dispatcher), .init(service: DrainingServer(hub: hub)),
                    ],
                    logger: logger))
            let running = Task { try await group.run() }
            for _ in 0..<1000 where relay.count.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(relay.count.withLock { $0 } == 1)

            await group.triggerGracefulShutdown()
            await #expect(throws: Never.self) { try await running.value }
        }
    }
}
