import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Art. 9.2 watched, not trusted: "the member is notified by SMS and e-mail within 30 minutes". When the relay keeps
/// refusing, 30 minutes after the loss the operator group is alerted (NOTIFICATION_LATE) — once, and not for a
/// connection that came back in time, whose "connection lost" notice still waiting is cancelled rather than sent after
/// the "restored" one. A member without a telephone number in Central is reported to the operator group
/// (CONTACT_MISSING) instead of being skipped in silence. All on an injected clock.
@Suite("Monitoring: the 30-minute bound of Art. 9.2 is watched", .serialized, .timeLimit(.minutes(10)))
struct MonitoringNoticeBoundTests {
    static let operatorEmail = "vanhanh@vdxp.test"
    static let operatorPhone = "+84241111111"
    static let memberPhone = "+84 24 0000 0000"
    /// Lost after 20 minutes of silence; repeats hourly; the operator group's contact set.
    static let settings = [
        "VDXP_MONITORING_DEGRADED_AFTER_SECONDS": "600", "VDXP_MONITORING_DISCONNECTED_AFTER_SECONDS": "1200",
        "VDXP_MONITORING_NOTIFY_REPEAT_MINUTES": "60", "VDXP_MONITORING_OPERATOR_EMAILS": operatorEmail,
        "VDXP_MONITORING_OPERATOR_PHONES": operatorPhone,
    ]

    static func email(_ member: DevelopmentMember) -> String {
        "vanthu@\(member.organisationID.lowercased()).vdxp.test"
    }

    /// Every member is evaluated (and so silent from now on the clock).
    static func membersEvaluated(_ monitoring: TestMonitoring) async throws {
        try await TestMonitoring.eventually("every member is evaluated") {
            try await monitoring.operatorClient.monitoring {
                try await $0.listMemberConnections(.init()).connections.count == 3
            }
        }
    }

    /// The alerts of `kind` the operator sees.
    static func operatorAlerts(_ kind: Vdxp_Monitoring_V1_AlertKind, in monitoring: TestMonitoring) async throws
        -> [Vdxp_Monitoring_V1_Alert]
    {
        try await monitoring.operatorClient.monitoring {
            try await $0.listAlerts(.with { $0.pageSize = 100 }).alerts.filter { $0.kind == kind }
        }
    }

    @Test(
        "a lost-connection e-mail the relay refuses for 30 minutes alerts the operator group once; a connection back in time cancels its waiting notice"
    )
    func lateNoticeIsReported() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            // The relay refuses every member's e-mail for now (451); the operator group's goes through.
            let email = RecordingChannel(clock: clock) { message, _ in
                message.address == Self.operatorEmail
                    ? .accepted(detail: "250 ok") : .transientFailure(detail: "451 4.3.0 try again later")
            }
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(
                clock: clock, channels: MonitoringChannels(email: email, sms: sms), settings: Self.settings
            ) { monitoring in
                try await Self.membersEvaluated(monitoring)
                clock.advance(by: 21 * 60)
                try await TestMonitoring.eventually("every member's SMS goes, its e-mail is refused") {
                    sms.deliveries(to: Self.memberPhone).count == 3
                        && Set(email.deliveries.map(\.message.address)).count == 3
                }
                // The recipient's system comes back within the 30 minutes (before the e-mail's retry is due): its
                // waiting e-mail is cancelled.
                _ = try await monitoring.member(TestPlatform.recipient).monitoring { try await $0.heartbeat(.init()) }
                let lost = try #require(
                    try await monitoring.member(TestPlatform.recipient).monitoring {
                        try await $0.listAlerts(.init()).alerts.first { $0.kind == .connectionLost }
                    })
                let lostEmail = try #require(lost.notifications.first { $0.channel == .email })
                #expect(lostEmail.state == .cancelled)
                #expect(lost.notifications.first { $0.channel == .sms }?.state == .sent)
                let attemptsBefore = lostEmail.attempts.count

                // 30 minutes after the loss the others' e-mails are still refused: the operator group is told.
                clock.advance(by: 30 * 60)
                try await TestMonitoring.eventually("NOTIFICATION_LATE is raised for the two members still lost") {
                    try await Self.operatorAlerts(.notificationLate, in: monitoring).count == 2
                }
                let late = try await Self.operatorAlerts(.notificationLate, in: monitoring)
                #expect(
                    Set(late.map(\.organisationID))
                        == [TestPlatform.sender.organisationID, TestPlatform.stranger.organisationID])
                #expect(late.allSatisfy { $0.summary.contains("e-mail") && !$0.summary.contains("SMS") })
                #expect(late.allSatisfy { $0.detail.contains("Điều 9.2") && $0.detail.contains("Art. 9.2") })
                try await TestMonitoring.eventually("the operator group gets them by e-mail and SMS") {
                    email.deliveries(to: Self.operatorEmail).count == 2
                        && sms.deliveries(to: Self.operatorPhone).count == 2
                }
                #expect(
                    email.deliveries(to: Self.operatorEmail).allSatisfy { $0.message.subject.contains("Notice late") })

                // Members do not see the operator's alerts about them; the cancelled notice is never tried again.
                let senders = try await monitoring.member(TestPlatform.sender).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(!senders.contains { $0.kind == .notificationLate })
                let again = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts.first { $0.alertID == lost.alertID }
                }
                let cancelled = again?.notifications.first { $0.channel == .email }
                #expect(cancelled?.state == .cancelled)
                #expect(cancelled?.attempts.count == attemptsBefore)

                // Once per loss, however many rounds follow.
                clock.advance(by: 10 * 60)
                try await Task.sleep(for: .seconds(3))
                #expect(try await Self.operatorAlerts(.notificationLate, in: monitoring).count == 2)
            }
        }
    }

    @Test("a member without a telephone number in Central is reported to the operator group, not skipped in silence")
    func missingPhoneIsReported() async throws {
        try await TestPlatform.with { platform in
            // A member from before contacts were required: its record in Central has no telephone number.
            let stranger = TestPlatform.stranger.organisationID
            _ = try await platform.database { database in
                try await database.query(
                    "UPDATE central.members SET contact_phone = '' WHERE organisation_id = \(stranger)",
                    on: nil, logger: platform.logger)
            }
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(
                clock: clock, channels: MonitoringChannels(email: email, sms: sms), settings: Self.settings
            ) { monitoring in
                try await Self.membersEvaluated(monitoring)
                clock.advance(by: 21 * 60)
                try await TestMonitoring.eventually("CONTACT_MISSING is raised for the member without a number") {
                    try await !Self.operatorAlerts(.contactMissing, in: monitoring).isEmpty
                }
                let missing = try await Self.operatorAlerts(.contactMissing, in: monitoring)
                #expect(missing.map(\.organisationID) == [stranger])
                #expect(missing.first?.detail.contains("telephone number") == true)
                #expect(missing.first?.detail.contains("Art. 19.2") == true)
                try await TestMonitoring.eventually("the operator group is e-mailed and texted") {
                    !email.deliveries(to: Self.operatorEmail).isEmpty && !sms.deliveries(to: Self.operatorPhone).isEmpty
                }
                // The member still gets its e-mail; the others their SMS; the stranger does not see the report.
                #expect(!email.deliveries(to: Self.email(TestPlatform.stranger)).isEmpty)
                #expect(sms.deliveries(to: Self.memberPhone).count == 2)
                let strangers = try await monitoring.member(TestPlatform.stranger).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(!strangers.contains { $0.kind == .contactMissing })

                // 30 minutes on, its lost connection was never texted: that is late too (SMS), and reported once.
                clock.advance(by: 30 * 60)
                try await TestMonitoring.eventually("NOTIFICATION_LATE names the SMS") {
                    try await Self.operatorAlerts(.notificationLate, in: monitoring).count == 1
                }
                let late = try await Self.operatorAlerts(.notificationLate, in: monitoring)
                #expect(late.first?.organisationID == stranger)
                #expect(late.first?.summary.contains("SMS") == true)
                #expect(try await Self.operatorAlerts(.contactMissing, in: monitoring).count == 1)
            }
        }
    }
}
