import Foundation
import GRPCCore
import SwiftProtobuf
import Synchronization
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 9.2 and 19 on a real platform: a lost connection notifies the member's contacts (from Central) by e-mail and
/// SMS within 30 minutes, again while it lasts, then a recovery notice; the outbox retries, gives up and alerts the
/// operator; members read only their own alerts and the platform-wide ones.
@Suite("Monitoring: alerts and notifications", .timeLimit(.minutes(10)))
struct MonitoringAlertTests {
    static let recipient = TestPlatform.recipient.organisationID
    static let sender = TestPlatform.sender.organisationID
    /// The recipient's contact as the development seeder registers it in Central.
    static let email = "vanthu@\(recipient.lowercased()).vdxp.test"
    static let phone = "+84 24 0000 0000"

    /// The SMS about `member` (the seeded members share one telephone number; the text names the member).
    static func sms(_ channel: RecordingChannel, about member: String) -> [RecordingChannel.Delivery] {
        channel.deliveries(to: phone).filter { $0.message.body.contains(member) }
    }

    @Test(
        "a member that goes silent gets an e-mail and an SMS within 30 minutes, again while it lasts, then a recovery")
    func lostConnectionNotified() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            // Lost after 20 minutes of silence; the notice repeated every 5 minutes while it lasts.
            let settings = [
                "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600", "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "1200",
                "VDXP_MONITORING_NOTIFY_REPEAT_MINUTES": "5",
            ]
            try await platform.withMonitoring(
                clock: clock, channels: MonitoringChannels(email: email, sms: sms), settings: settings
            ) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                clock.advance(by: 21 * 60)
                try await TestMonitoring.eventually("the recipient's contacts get an e-mail and an SMS") {
                    !email.deliveries(to: Self.email).isEmpty && !Self.sms(sms, about: Self.recipient).isEmpty
                }
                let alerts = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(alerts.allSatisfy { $0.organisationID == Self.recipient || $0.organisationID.isEmpty })
                let lost = try #require(alerts.first { $0.kind == .connectionLost })
                #expect(lost.severity == .critical)
                #expect(lost.summary.contains("mất kết nối"))
                let mail = try #require(email.deliveries(to: Self.email).first)
                #expect(mail.time.timeIntervalSince(lost.raiseTime.date) <= 30 * 60)
                #expect(mail.message.subject.contains(Self.recipient))
                #expect(mail.message.body.contains("Điều 9.2"))
                try await TestMonitoring.eventually("the notifications are recorded SENT with their attempt") {
                    let alert = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.listAlerts(.init()).alerts.first { $0.alertID == lost.alertID }
                    }
                    return alert?.notifications.count == 2
                        && alert?.notifications.allSatisfy {
                            $0.state == .sent && $0.attempts.count == 1 && $0.attempts[0].accepted
                        } == true
                }

                // While it lasts, the contacts are told again (every 5 minutes here).
                clock.advance(by: 6 * 60)
                try await TestMonitoring.eventually("the notice is repeated") {
                    email.deliveries(to: Self.email).count == 2 && Self.sms(sms, about: Self.recipient).count == 2
                }

                // A heartbeat restores it: a recovery notice follows, and the repeats stop.
                let answer = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.heartbeat(.init())
                }
                #expect(answer.connection.state == .connected)
                try await TestMonitoring.eventually("the recovery notice is sent") {
                    email.deliveries(to: Self.email).count == 3 && Self.sms(sms, about: Self.recipient).count == 3
                }
                #expect(email.deliveries(to: Self.email).last?.message.subject.contains("Connection restored") == true)
                clock.advance(by: 6 * 60)
                try await TestMonitoring.eventually("the sender, still silent, is told again") {
                    Self.sms(sms, about: Self.sender).count == 3
                }
                #expect(email.deliveries(to: Self.email).count == 3)
                let kinds = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts.map(\.kind)
                }
                #expect(kinds == [.connectionRestored, .connectionLost])
            }
        }
    }

    @Test("a failing relay is retried with backoff, without loss or duplicates; a refused SMS is given up and alerted")
    func retriesAndGivingUp() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock) { message, attempt in
                attempt < 3 ? .transientFailure(detail: "421 try again later") : .accepted(detail: "250 queued")
            }
            let sms = RecordingChannel(clock: clock) { message, _ in
                message.body.contains(Self.recipient)
                    ? .permanentFailure(detail: "HTTP 400 invalid number") : .accepted(detail: "HTTP 202")
            }
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                clock.advance(by: 11 * 60)
                try await TestMonitoring.eventually("the first e-mail attempt fails") {
                    email.deliveries(to: Self.email).count == 1
                }
                clock.advance(by: 31)
                try await TestMonitoring.eventually("the second attempt, after 30 s, fails") {
                    email.deliveries(to: Self.email).count == 2
                }
                try await Task.sleep(for: .seconds(2))
                #expect(email.deliveries(to: Self.email).count == 2, "retried before its backoff of 60 s")
                clock.advance(by: 61)
                try await TestMonitoring.eventually("the third attempt is accepted") {
                    email.deliveries(to: Self.email).count == 3
                }
                #expect(Set(email.deliveries(to: Self.email).map(\.message.notificationID)).count == 1)

                let alerts = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.with { $0.organisationID = Self.recipient }).alerts
                }
                let lost = try #require(alerts.first { $0.kind == .connectionLost })
                let mail = try #require(lost.notifications.first { $0.channel == .email })
                try await TestMonitoring.eventually("the e-mail is SENT after 3 attempts") {
                    let alert = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.with { $0.organisationID = Self.recipient }).alerts
                            .first { $0.alertID == lost.alertID }
                    }
                    let notification = alert?.notifications.first { $0.notificationID == mail.notificationID }
                    return notification?.state == .sent
                        && notification?.attempts.map(\.accepted) == [false, false, true]
                }
                let text = try #require(lost.notifications.first { $0.channel == .sms })
                #expect(text.state == .failed)
                #expect(text.attempts.count == 1)
                #expect(text.attempts.first?.outcome == "HTTP 400 invalid number")
                let failed = try #require(alerts.first { $0.kind == .notificationFailed })
                #expect(failed.summary.contains(Self.phone))
                #expect(failed.notifications.isEmpty)

                // The member reads whether each attempt was accepted, never what the gateway answered: that names
                // the platform's relay and gateway, and is for the operator.
                let own = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                let ownText = try #require(
                    own.first { $0.alertID == lost.alertID }?.notifications.first { $0.channel == .sms })
                #expect(ownText.attempts.map(\.outcome) == [MonitoringHandlers.memberOutcome(accepted: false)])
                let ownFailed = try #require(own.first { $0.kind == .notificationFailed })
                #expect(!ownFailed.detail.contains("HTTP 400"), "the member's alert: \(ownFailed.detail)")
            }
        }
    }

    @Test("notifications pending when Monitoring stops are delivered after its restart, once")
    func restartLosesNothing() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                clock.advance(by: 11 * 60)
                try await TestMonitoring.eventually("the notifications are enqueued, PENDING: no channel") {
                    let alerts = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.with { $0.organisationID = Self.recipient }).alerts
                    }
                    return alerts.first { $0.kind == .connectionLost }?.notifications.map(\.state)
                        == [.pending, .pending]
                }
            }
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                _ in
                try await TestMonitoring.eventually("the pending e-mail and SMS are delivered") {
                    email.deliveries(to: Self.email).count == 1 && Self.sms(sms, about: Self.recipient).count == 1
                }
                try await Task.sleep(for: .seconds(2))
                #expect(email.deliveries(to: Self.email).count == 1)
            }
        }
    }

    @Test("WatchAlerts streams a member its own alerts only, then each new one; the operator acknowledges, once")
    func watchAndAcknowledge() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { monitoring in
                try await TestMonitoring.eventually("every member is evaluated") {
                    try await monitoring.operatorClient.monitoring {
                        try await $0.listMemberConnections(.init()).connections.count == 3
                    }
                }
                // Every member goes silent (three alerts), then the recipient is heard from again (a fourth).
                clock.advance(by: 11 * 60)
                var everyAlert: [Vdxp_Monitoring_V1_Alert] = []
                try await TestMonitoring.eventually("every member's connection is lost") {
                    everyAlert = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    return everyAlert.filter { $0.kind == .connectionLost }.count == 3
                }
                _ = try await monitoring.member(TestPlatform.recipient).monitoring { try await $0.heartbeat(.init()) }
                var restored = Vdxp_Monitoring_V1_Alert()
                try await TestMonitoring.eventually("the recipient's connection is restored") {
                    everyAlert = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    restored = everyAlert.first { $0.kind == .connectionRestored } ?? restored
                    return restored.alertID > 0
                }
                let oldest = try #require(everyAlert.map(\.alertID).min())
                let restoredID = restored.alertID

                // The recipient watches from the oldest alert on: the catch-up brings its own alerts after that one
                // (the restore at least), never another member's; once the restore has come, the stream is open,
                // and the recipient's next loss comes live.
                let streamed = try await monitoring.member(TestPlatform.recipient).monitoring { client in
                    var options = CallOptions.defaults
                    options.timeout = .seconds(120)
                    return try await client.watchAlerts(.with { $0.afterAlertID = oldest }, options: options) {
                        response in
                        var received: [Vdxp_Monitoring_V1_Alert] = []
                        for try await alert in response.messages {
                            received.append(alert)
                            if alert.alertID == restoredID { clock.advance(by: 11 * 60) }
                            if alert.alertID > restoredID && alert.kind == .connectionLost { break }
                        }
                        return received
                    }
                }
                #expect(streamed.allSatisfy { $0.organisationID == Self.recipient })
                #expect(streamed.map(\.alertID) == streamed.map(\.alertID).sorted())
                #expect(streamed.suffix(2).map(\.kind) == [.connectionRestored, .connectionLost])
                let lost = try #require(streamed.last)
                #expect(lost.kind == .connectionLost)

                let refused = await statusCode {
                    _ = try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.acknowledgeAlert(.with { $0.alertID = lost.alertID })
                    }
                }
                #expect(refused == .permissionDenied)
                let first = try await monitoring.operatorClient.monitoring {
                    try await $0.acknowledgeAlert(.with { $0.alertID = lost.alertID })
                }
                #expect(first.acknowledgedBy == "operator:admin")
                #expect(first.hasAcknowledgeTime)
                clock.advance(by: 60)
                let again = try await monitoring.operatorClient.monitoring {
                    try await $0.acknowledgeAlert(.with { $0.alertID = lost.alertID })
                }
                #expect(again.acknowledgeTime == first.acknowledgeTime)
                let missing = await statusCode {
                    _ = try await monitoring.operatorClient.monitoring {
                        try await $0.acknowledgeAlert(.with { $0.alertID = 999_999 })
                    }
                }
                #expect(missing == .notFound)
                let unacknowledged = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.with { $0.unacknowledgedOnly = true }).alerts
                }
                #expect(!unacknowledged.contains { $0.alertID == lost.alertID })
                // The three first losses and the restore are still to be acknowledged.
                #expect(unacknowledged.count == 4)
            }
        }
    }
}
