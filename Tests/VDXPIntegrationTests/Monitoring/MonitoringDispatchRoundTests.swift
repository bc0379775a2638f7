import Foundation
import Logging
import Prometheus
import Synchronization
import Testing
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// A dispatcher claims a round of notifications for its lease (`VDXP_MONITORING_OUTBOX_LEASE_SECONDS`), during which no
/// other replica takes them. It delivers them concurrently, so that a round lasts as long as its slowest delivery — not
/// the sum of twenty slow SMTP sessions, which outlasted the claim and let a second replica send the same e-mails
/// again.
@Suite("Monitoring: a round of notifications is delivered concurrently, within its claim", .timeLimit(.minutes(5)))
struct MonitoringDispatchRoundTests {
    /// A relay that answers nobody until `expected` sessions are open at once (or `patience` has passed).
    final class BarrierChannel: NotificationChannel {
        let expected: Int
        let patience: Duration
        private let open = Mutex(0)

        init(expected: Int, patience: Duration) {
            self.expected = expected
            self.patience = patience
        }

        func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
            open.withLock { $0 += 1 }
            let deadline = ContinuousClock.now + patience
            while open.withLock({ $0 }) < expected, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return open.withLock({ $0 }) >= expected
                ? .accepted(detail: "250 ok") : .transientFailure(detail: "421 sessions came one at a time")
        }
    }

    @Test("five e-mails of one round are in the relay's hands at once, and each is SENT")
    func concurrentRound() async throws {
        try await TemporaryDatabase.withDatabase(
            schema: "monitoring", migrations: MonitoringMigrations.all, maximumConnections: 4
        ) { database, logger in
            let clock = ManualClock()
            let now = clock.now
            let notifications = NotificationStore(database: database, logger: logger)
            let policy = RetryPolicy(
                firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600))
            try await database.transaction(logger: logger) { connection in
                for index in 0..<5 {
                    try await notifications.enqueue(
                        OutgoingNotification(
                            organisationID: "000.00.00.H26", channel: .email, address: "vanthu\(index)@hue.gov.vn",
                            subject: "VDXP", body: "Thông báo \(index)"),
                        at: now, giveUpTime: policy.giveUpTime(createdAt: now), on: connection)
                }
            }
            let dispatcher = NotificationDispatcher(
                database: database, notifications: notifications,
                alerts: AlertStore(database: database, logger: logger),
                channels: MonitoringChannels(email: BarrierChannel(expected: 5, patience: .seconds(10)), sms: nil),
                policy: policy, lease: .seconds(600),
                hub: NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger),
                interval: .seconds(1), clock: clock.wallClock, logger: logger)

            #expect(try await dispatcher.dispatchRound() == 5)
            let sent = try await TableText.count(
                "SELECT count(*) FROM monitoring.notifications WHERE state = \(Vdxp_Monitoring_V1_NotificationState.sent.rawValue)",
                on: database)
            #expect(sent == 5, "each delivered while the others were open")
        }
    }

    @Test(
        "a lost connection's notice enqueued a second after a broadcast to every member is in the next round's claim; the broadcast follows in order"
    )
    func broadcastWaitsBehindOneMembersNotice() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let notifications = NotificationStore(database: database, logger: logger)
            let start = Date()
            let broadcast = (0..<40).map { index in
                OutgoingNotification(
                    organisationID: String(format: "000.00.%02d.H26", index), channel: .email,
                    address: "vanthu\(index)@tinh.gov.vn", subject: "Bảo trì Trục liên thông", body: "Thông báo")
            }
            try await database.transaction(logger: logger) { connection in
                try await notifications.enqueue(
                    contentsOf: broadcast, bulk: true, at: start, giveUpTime: start.addingTimeInterval(21_600),
                    on: connection)
            }
            let lost = OutgoingNotification(
                organisationID: "000.00.00.G22", channel: .email, address: "vanthu@bo.gov.vn",
                subject: "Mất kết nối với Trục liên thông", body: "Điều 9.2")
            try await database.transaction(logger: logger) { connection in
                try await notifications.enqueue(
                    contentsOf: [lost], at: start.addingTimeInterval(1), giveUpTime: start.addingTimeInterval(21_600),
                    on: connection)
            }
            let now = start.addingTimeInterval(2)
            // A round's claim is a set (its deliveries run concurrently): the one member's notice is in the first.
            let first = try await notifications.claim(channels: [.email], now: now, lease: .seconds(60), limit: 20)
            #expect(
                Set(first.map(\.address)) == Set([lost.address] + broadcast.prefix(19).map(\.address)),
                "the one member's notice first, then the broadcast in order")
            let rest = try await notifications.claim(channels: [.email], now: now, lease: .seconds(60), limit: 100)
            #expect(Set(rest.map(\.address)) == Set(broadcast.dropFirst(19).map(\.address)))
        }
    }

    @Test("an attempt that outlived its lease does not settle the notification another replica claimed again")
    func lateAttemptLeavesNewerAttemptsOutcome() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let notifications = NotificationStore(database: database, logger: logger)
            let policy = RetryPolicy(
                firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600))
            let start = clock.now
            try await database.transaction(logger: logger) { connection in
                _ = try await notifications.enqueue(
                    OutgoingNotification(
                        organisationID: "000.00.00.H26", channel: .email, address: "vanthu@hue.gov.vn",
                        subject: "VDXP", body: "Thông báo"),
                    at: start, giveUpTime: policy.giveUpTime(createdAt: start), on: connection)
            }
            // Replica A claims it and its relay hangs past the lease; replica B claims it again and delivers it.
            let first = try #require(
                try await notifications.claim(channels: [.email], now: start, lease: .seconds(30), limit: 1).first)
            clock.advance(by: 31)
            let second = try #require(
                try await notifications.claim(channels: [.email], now: clock.now, lease: .seconds(30), limit: 1).first)
            #expect(second.attempt == first.attempt + 1)
            func record(_ claimed: ClaimedNotification, _ decision: RetryPolicy.Decision) async throws -> Bool {
                try await database.transaction(logger: logger) { connection in
                    try await notifications.record(
                        claimed, at: clock.now, outcome: .permanentFailure(detail: "550 refused"), decision: decision,
                        on: connection)
                }
            }
            // A's relay refuses while B is still delivering: A may neither fail the notification nor schedule another
            // attempt next to B's.
            #expect(try await !record(first, .giveUp(reason: "550 refused")), "a late attempt failed B's notification")
            #expect(try await !record(first, .retry(at: clock.now)), "a late attempt scheduled another one")
            #expect(try await record(second, .sent), "the newer attempt holds the claim")
            #expect(try await !record(first, .giveUp(reason: "550 refused")), "a late attempt overwrote SENT")
            let state = try await TableText.count(
                "SELECT state::bigint FROM monitoring.notifications", on: database)
            #expect(state == Int(Vdxp_Monitoring_V1_NotificationState.sent.rawValue))
            let attempts = try await TableText.count(
                "SELECT count(*) FROM monitoring.notification_attempts", on: database)
            #expect(attempts == 2, "both attempts are in the history")
        }
    }

    /// A relay that refuses every message for good.
    struct RefusingChannel: NotificationChannel {
        func deliver(_ message: ChannelMessage) async -> ChannelOutcome {
            .permanentFailure(detail: "550 5.1.1 no such mailbox")
        }
    }

    @Test(
        "the operator sees what waits in each lane and since when (Art. 9.2: 30 minutes), and every notification given up"
    )
    func outboxMetrics() async throws {
        try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
            database, logger in
            let clock = ManualClock()
            let start = clock.now
            let notifications = NotificationStore(database: database, logger: logger)
            let message = OutgoingNotification(
                organisationID: "000.00.00.G22", channel: .email, address: "vanthu@bo.gov.vn",
                subject: "Mất kết nối với Trục liên thông", body: "Điều 9.2")
            try await database.transaction(logger: logger) { connection in
                try await notifications.enqueue(
                    contentsOf: [message], at: start, giveUpTime: start.addingTimeInterval(21_600), on: connection)
                try await notifications.enqueue(
                    contentsOf: [message, message], bulk: true, at: start.addingTimeInterval(60),
                    giveUpTime: start.addingTimeInterval(21_600), on: connection)
            }
            let registry = PrometheusCollectorRegistry()
            let metrics = OutboxMetrics(factory: PrometheusMetricsFactory(registry: registry))
            func exposition() -> String {
                var bytes: [UInt8] = []
                registry.emit(into: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }
            let backlog = try await notifications.backlog()
            #expect(backlog.map(\.pending) == [1, 2])
            metrics.record(backlog, at: start.addingTimeInterval(25 * 60))
            let text = exposition()
            #expect(text.contains(#"vdxp_monitoring_notifications_pending{lane="single"} 1"#), "\(text)")
            #expect(text.contains(#"vdxp_monitoring_notifications_pending{lane="broadcast"} 2"#), "\(text)")
            #expect(
                text.contains(#"vdxp_monitoring_oldest_pending_notification_seconds{lane="single"} 1500"#), "\(text)")

            // The relay refuses them for good: each is given up and counted.
            let dispatcher = NotificationDispatcher(
                database: database, notifications: notifications,
                alerts: AlertStore(database: database, logger: logger),
                channels: MonitoringChannels(email: RefusingChannel(), sms: nil),
                policy: RetryPolicy(
                    firstDelay: .seconds(30), maximumDelay: .seconds(600), maximumAge: .seconds(21_600)),
                lease: .seconds(600),
                hub: NotificationHub(client: database, channels: MonitoringNotify.all, logger: logger),
                interval: .seconds(1), clock: clock.wallClock, logger: logger, metrics: metrics)
            clock.advance(by: 120)
            #expect(try await dispatcher.dispatchRound() == 3)
            #expect(exposition().contains(#"vdxp_monitoring_notifications_given_up_total{channel="email"} 3"#))
            metrics.record(try await notifications.backlog(), at: clock.now)
            #expect(exposition().contains(#"vdxp_monitoring_notifications_pending{lane="single"} 0"#))
            #expect(exposition().contains(#"vdxp_monitoring_oldest_pending_notification_seconds{lane="broadcast"} 0"#))
        }
    }
}
