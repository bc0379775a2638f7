import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 13.2 end to end on one injected clock: "the sender … must handle documents not sent successfully within the
/// working day". A document the recipient does not acknowledge fails at the end of the recipient's working day
/// (Exchange decides it, NOT_ACKNOWLEDGED_IN_TIME), and the sender's alert — inbox, e-mail and SMS, each SENT — exists
/// the same day.
@Suite("Monitoring: a delivery not acknowledged by the working day's end alerts its sender that day (Art. 13.2)")
struct MonitoringFailedDeliveryDeadlineTests {
    static let senderEmail = "vanthu@\(TestPlatform.sender.organisationID.lowercased()).vdxp.test"
    static let phone = "+84 24 0000 0000"

    @Test("sent 16:00 on a working day, unacknowledged at 17:00: FAILED then, and the sender is e-mailed and texted")
    func failsAtTheWorkingDayEndAndAlertsTheSameDay() async throws {
        // A month to acknowledge: only the end of the recipient's working day can come first.
        let exchangeSettings = [
            "VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1", "VDXP_EXCHANGE_ACKNOWLEDGE_WITHIN_MINUTES": "43200",
        ]
        let clock = ManualClock()
        try await TestPlatform.with(exchangeSettings: exchangeSettings, exchangeClock: clock.wallClock) { platform in
            try await platform.waitForExchangeConfiguration()
            let calendar = try #require(platform.exchangeHost.globalConfiguration.current()).calendar
            let day = try #require(
                (1...30).lazy.map { CalendarDate(Date()).addingDays($0) }.first { calendar.isWorkingDay($0) })
            func at(_ hour: Int, _ minute: Int = 0) -> Date { day.instant(atSecondsIntoDay: hour * 3600 + minute * 60) }

            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                clock.advance(by: at(16).timeIntervalSince(clock.now))
                let header = TestPlatform.header(number: "1341")
                let sent = try await platform.sendDocument(header)
                let deadline = try #require(sent.recipient(TestPlatform.recipient)).acknowledgeDeadline.date
                #expect(deadline == at(17), "capped at the end of the recipient's working day")

                clock.advance(by: at(17).timeIntervalSince(clock.now))
                let failed = try await ExchangeUndeliveredTests.failure(of: header.documentID, on: platform)
                #expect(failed.failReason == .notAcknowledgedInTime)

                var found: Vdxp_Monitoring_V1_Alert?
                try await TestMonitoring.eventually("the sender's alert is SENT by e-mail and SMS") {
                    found = try await monitoring.member(TestPlatform.sender).monitoring {
                        try await $0.listAlerts(.init()).alerts.first {
                            $0.kind == .deliveryFailed && $0.documentID == header.documentID
                        }
                    }
                    let states = found?.notifications.map { ($0.channel, $0.state) } ?? []
                    return states.contains { $0 == (.email, .sent) } && states.contains { $0 == (.sms, .sent) }
                }
                let alert = try #require(found)
                #expect(alert.recipientOrganisationID == TestPlatform.recipient.organisationID)
                #expect(alert.detail.contains("did not acknowledge it by its deadline"))
                #expect(CalendarDate(alert.raiseTime.date) == day, "raised the day it failed")
                let mail = try #require(email.deliveries(to: Self.senderEmail).first)
                let text = try #require(
                    sms.deliveries(to: Self.phone).first { $0.message.body.contains(header.documentID) })
                #expect(CalendarDate(mail.time) == day, "the e-mail goes out the same day")
                #expect(CalendarDate(text.time) == day, "the SMS goes out the same day")
                #expect(mail.time >= at(17) && text.time >= at(17))
                for notification in alert.notifications {
                    let accepted = try #require(notification.attempts.last)
                    #expect(accepted.accepted)
                    #expect(CalendarDate(accepted.attemptTime.date) == day)
                }
            }
        }
    }
}
