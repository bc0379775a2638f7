import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 18.2.b, 19.2: a maintenance announcement to every member (Ticket submits it with an empty `organisation_id`)
/// reaches every member's inbox and, by e-mail and SMS, the contacts of every TRIAL and OFFICIAL member — once each,
/// however often Ticket retries and across a restart of Monitoring; a suspended member is not told.
@Suite("Monitoring: an alert to every member reaches every member's contacts (Art. 18.2.b, 19.2)", .serialized)
struct MonitoringAnnouncementTests {
    static let phone = "+84 24 0000 0000"

    /// The contact e-mail the development seeder gives `member` in Central.
    static func email(_ member: DevelopmentMember) -> String {
        "vanthu@\(member.organisationID.lowercased()).vdxp.test"
    }

    static let announcement = Vdxp_Monitoring_V1_SubmitAlertRequest.with {
        $0.idempotencyKey = "maintenance/MW-2026-0001/announced"
        $0.kind = .maintenanceAnnounced
        $0.severity = .warning
        $0.channels = [.email, .sms]
        $0.summary = "Bảo trì Trục liên thông MW-2026-0001: nâng cấp cơ sở dữ liệu"
        $0.detail = "Trục liên thông tạm dừng từ 22:00 đến 23:00 ngày 20/01/2026. / The platform stops 22:00–23:00."
        $0.reference = "MW-2026-0001"
    }

    @Test("every member's contact is read from Central page by page for many members, one by one for a few, alike")
    func contactsReadByListAndOneByOne() async throws {
        try await TestPlatform.with { platform in
            let monitoring = platform.pki.services["monitoring"]!
            var contacts = CentralMemberContacts(
                central: platform.central, certificatePath: monitoring.certificate, keyPath: monitoring.key,
                platformCAPath: platform.pki.platformCA)
            let members = [TestPlatform.sender, TestPlatform.recipient, TestPlatform.stranger]
            let wanted = Set(members.map(\.organisationID) + ["000.00.99.Z99"])
            contacts.listAbove = 0
            let listed = try await contacts.contacts(of: wanted)
            contacts.listAbove = 100
            let oneByOne = try await contacts.contacts(of: wanted)
            #expect(listed == oneByOne)
            #expect(Set(listed.keys) == Set(members.map(\.organisationID)), "an unknown member is left out")
            for member in members {
                #expect(listed[member.organisationID]?.email == Self.email(member))
            }
            #expect(try await contacts.contacts(of: [TestPlatform.sender.organisationID]).count == 1)
        }
    }

    @Test("an announcement is e-mailed and texted to each TRIAL and OFFICIAL member once; a suspended one is not told")
    func everyMemberIsTold() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.operatorClient.central {
                try await $0.suspendMember(
                    .with {
                        $0.organisationID = TestPlatform.stranger.organisationID
                        $0.reason = "Nâng cấp hệ thống quản lý văn bản"
                        $0.expectedResumeDate = "2099-01-05"
                        $0.memberRequestReference = "Công văn 45/STP-VP"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let told = [TestPlatform.sender, TestPlatform.recipient]
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            let channels = MonitoringChannels(email: email, sms: sms)
            try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                let raised = try await monitoring.service("ticket").monitoring {
                    try await $0.submitAlert(Self.announcement)
                }
                #expect(raised.organisationID.isEmpty)
                try await TestMonitoring.eventually("each member's contacts have the e-mail and the SMS") {
                    told.allSatisfy { !email.deliveries(to: Self.email($0)).isEmpty }
                        && sms.deliveries(to: Self.phone).count >= told.count
                }
                // Ticket retries from its outbox: the same key sends nothing again.
                let again = try await monitoring.service("ticket").monitoring {
                    try await $0.submitAlert(Self.announcement)
                }
                #expect(again.alertID == raised.alertID)
                try await Task.sleep(for: .seconds(3))
                for member in told {
                    let mails = email.deliveries(to: Self.email(member))
                    #expect(mails.count == 1, "\(member.organisationID) is e-mailed once")
                    #expect(mails.first?.message.body == Self.announcement.detail)
                    #expect(mails.first?.message.subject.contains("Bảo trì / Maintenance") == true)
                }
                #expect(email.deliveries(to: Self.email(TestPlatform.stranger)).isEmpty, "a suspended member is not")
                #expect(sms.deliveries(to: Self.phone).count == told.count, "one SMS per member told")
                #expect(sms.deliveries.allSatisfy { $0.message.body == Self.announcement.summary })

                // Every member sees it in its inbox, with the notifications to its own contacts.
                // (Every member's contacts are notified under the one alert: no member may read another's.)
                let inbox = try #require(
                    try await monitoring.member(TestPlatform.sender).monitoring {
                        try await $0.listAlerts(.init()).alerts.first { $0.alertID == raised.alertID }
                    })
                #expect(inbox.notifications.count == 2, "its own e-mail and SMS: \(inbox.notifications.map(\.address))")
                #expect(
                    inbox.notifications.filter { $0.channel == .email }.map(\.address)
                        == [Self.email(TestPlatform.sender)])
                let all = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.init()).alerts.first { $0.alertID == raised.alertID }
                }
                #expect(all?.notifications.count == 2 * told.count, "the operator sees every member's")
            }
            // A restart sends nothing again.
            try await platform.withMonitoring(clock: clock, channels: channels) { _ in
                try await Task.sleep(for: .seconds(3))
            }
            #expect(email.deliveries.count == told.count)
            #expect(sms.deliveries.count == told.count)
        }
    }
}
