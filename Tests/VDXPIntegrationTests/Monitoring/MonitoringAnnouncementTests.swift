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

/// Art. 18.2.b, 19.2: a maintenance announcement to every member (Ticket submits it with an empty `organisation_id`)
/// reaches every member's inbox and, by e-mail and SMS, the contacts of every member taking part in the connection —
/// TRIAL, OFFICIAL, and SUSPENDED or CUT_OFF, whose connection is only paused — once each, however often Ticket
/// retries and across a restart of Monitoring.
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

    /// A page of members carries their certificates: 1,000 members of three RSA-2048 certificates each passed the
    /// 4 MiB a client receives, and then no member was told anything.
    @Test("the contacts of 1,100 members with three 1.7 KB certificates each are all read from Central")
    func contactsOfManyMembers() async throws {
        try await TestPlatform.with { platform in
            let logger = platform.logger
            try await platform.database { database in
                try await database.transaction(logger: logger) { connection in
                    try await database.query(
                        """
                        INSERT INTO central.members (organisation_id, display_name, kind, state, contact_email,
                                                     contact_phone)
                        SELECT lpad((200000000 + n)::text, 10, '0'), 'Công ty cổ phần số ' || n,
                               \(Vdxp_Central_V1_OrganisationKind.enterprise), \(Vdxp_Central_V1_MemberState.official),
                               'vanthu' || n || '@congty.vn', '+84 24 3' || lpad(n::text, 7, '0')
                        FROM generate_series(1, 1100) AS n
                        """, on: connection, logger: logger)
                    try await database.query(
                        """
                        INSERT INTO central.member_certificates
                            (fingerprint, organisation_id, usage, certificate_der, subject, not_before, not_after)
                        SELECT encode(sha256((n::text || '/' || c)::bytea), 'hex'), lpad((200000000 + n)::text, 10, '0'),
                               \(Vdxp_Central_V1_CertificateUsage.signing),
                               (SELECT string_agg(sha512((n::text || c || k)::bytea), ''::bytea)
                                FROM generate_series(1, 27) AS k),
                               'CN=Công ty cổ phần số ' || n || ',O=Công ty cổ phần số ' || n || ',C=VN',
                               now() - interval '1 day', now() + interval '365 days'
                        FROM generate_series(1, 1100) AS n, generate_series(1, 3) AS c
                        """, on: connection, logger: logger)
                }
            }
            let monitoring = platform.pki.services["monitoring"]!
            let contacts = CentralMemberContacts(
                central: platform.central, certificatePath: monitoring.certificate, keyPath: monitoring.key,
                platformCAPath: platform.pki.platformCA)
            let wanted = Set((1...1100).map { String(200_000_000 + $0).leftPadded(to: 10) })
            let read = try await contacts.contacts(of: wanted)
            #expect(read.count == 1100)
            #expect(read["0200000042"]?.email == "vanthu42@congty.vn")
        }
    }

    @Test(
        "while Central cannot be reached, members are told at the contacts last read from it; one never read keeps its alert due"
    )
    func contactsRememberedWhileCentralIsDown() async throws {
        try await TestPlatform.with { platform in
            try await TemporaryDatabase.withDatabase(schema: "monitoring", migrations: MonitoringMigrations.all) {
                database, logger in
                let identity = try #require(platform.pki.services["monitoring"])
                func central(_ address: HostAndPort) -> CentralMemberContacts {
                    CentralMemberContacts(
                        central: address, certificatePath: identity.certificate, keyPath: identity.key,
                        platformCAPath: platform.pki.platformCA)
                }
                let store = MemberContactStore(database: database, logger: logger)
                let up = RememberedMemberContacts(
                    central: central(platform.central), store: store, clock: { Date() }, logger: logger)
                // Nothing listens on port 1: every call to this "Central" fails as an unreachable one does.
                let down = RememberedMemberContacts(
                    central: central(HostAndPort(host: "127.0.0.1", port: 1)), store: store, clock: { Date() },
                    logger: logger)
                let read = [TestPlatform.sender, TestPlatform.recipient].map(\.organisationID)

                let first = try await up.contacts(of: Set(read))
                #expect(first[TestPlatform.sender.organisationID]?.email == Self.email(TestPlatform.sender))
                let kept = try await down.contacts(of: Set(read))
                #expect(kept == first, "the contacts remembered from the last read")
                await #expect(throws: (any Error).self, "a member never read: the alert stays due") {
                    _ = try await down.contacts(of: Set(read + [TestPlatform.stranger.organisationID]))
                }
            }
        }
    }

    @Test("Monitoring reads every connected member's contacts when it starts (and hourly), for an outage of Central")
    func contactsRefreshedAtStart() async throws {
        try await TestPlatform.with { platform in
            try await platform.withMonitoring(clock: ManualClock(), channels: .none) { _ in
                let members = [TestPlatform.sender, TestPlatform.recipient, TestPlatform.stranger].map(\.organisationID)
                try await TestMonitoring.eventually("every member's contact is remembered") {
                    let stored = try await platform.database { database in
                        try await MemberContactStore(database: database, logger: platform.logger)
                            .contacts(of: Set(members))
                    }
                    return stored.contacts.count == members.count
                        && stored.contacts[TestPlatform.stranger.organisationID]?.email
                            == Self.email(TestPlatform.stranger)
                }
            }
        }
    }

    @Test(
        "an announcement is e-mailed and texted to each member once, one suspended at its request too (Art. 18.2.b: every organisation taking part)"
    )
    func everyMemberIsTold() async throws {
        try await TestPlatform.with { platform in
            try await platform.suspendAtItsRequest(TestPlatform.stranger)
            try await platform.waitForExchangeConfiguration()
            let told = [TestPlatform.sender, TestPlatform.recipient, TestPlatform.stranger]
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
                #expect(
                    try await platform.operatorClient.central {
                        try await $0.getMember(.with { $0.organisationID = TestPlatform.stranger.organisationID })
                    }.state == .suspended, "told while suspended")
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

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
