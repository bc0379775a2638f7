import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPCentral
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Central's outbox (Art. 16.4 notices, certificate expiry) is delivered through Monitoring's, exactly once, and
/// marked delivered in Central.
@Suite("Monitoring: Central's outbox", .timeLimit(.minutes(10)))
struct MonitoringCentralOutboxTests {
    @Test(
        "an account-lock notice written by Central is e-mailed and texted once, in the member's inbox once, and marked delivered in Central"
    )
    func centralNoticesDelivered() async throws {
        try await TestPlatform.with { platform in
            let clerk = try await platform.createAccount("clerk.g22", of: TestPlatform.sender, roles: [.memberUser])
            _ = try await platform.accounts {
                try await $0.lockAccount(
                    .with {
                        $0.accountID = clerk.accountID
                        $0.reason = "Mất máy tính xách tay"
                    })
            }
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                try await TestMonitoring.eventually("the lock notice is e-mailed and texted") {
                    !email.deliveries(to: "clerk.g22@example.gov.vn").isEmpty
                        && !sms.deliveries(to: "+84912345678").isEmpty
                }
                try await TestMonitoring.eventually("Central records the notices as delivered") {
                    let notices = try await platform.notifications(kind: "account.locked", accountID: clerk.accountID)
                    return notices.count == 2 && notices.allSatisfy(\.hasDeliverTime)
                }
                try await Task.sleep(for: .seconds(3))
                #expect(email.deliveries(to: "clerk.g22@example.gov.vn").count == 1)
                #expect(sms.deliveries(to: "+84912345678").count == 1)

                // The third channel (Art. 19.2): the notice is in the member's inbox, one alert carrying both.
                let inbox = try await monitoring.member(TestPlatform.sender).monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .accountInactivity }
                }
                try #require(inbox.count == 1)
                #expect(inbox[0].organisationID == TestPlatform.sender.organisationID)
                #expect(inbox[0].severity == .critical)
                #expect(inbox[0].summary.contains("account locked"))
                #expect(inbox[0].detail.contains("clerk.g22"))
                #expect(inbox[0].reference == "account:\(clerk.accountID)")
                #expect(Set(inbox[0].notifications.map(\.channel)) == [.email, .sms])
                #expect(Set(inbox[0].notifications.map(\.address)) == ["clerk.g22@example.gov.vn", "+84912345678"])
                let other = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(!other.contains { $0.kind == .accountInactivity }, "another member's notice is not shown")
            }
            // Restarted, Monitoring finds nothing left to take: nothing is sent twice.
            let email2 = RecordingChannel(clock: clock)
            let sms2 = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email2, sms: sms2)) {
                monitoring in
                try await Task.sleep(for: .seconds(3))
                #expect(email2.deliveries(to: "clerk.g22@example.gov.vn").isEmpty)
                let inbox = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .accountInactivity }
                }
                #expect(inbox.count == 1, "the notice is in the inbox once")
            }
        }
    }

    @Test(
        "an inactivity warning Central's sweep writes (Art. 16.4) is e-mailed and texted to the account and in its member's inbox as a WARNING"
    )
    func inactivityWarningDelivered() async throws {
        try await TestPlatform.with { platform in
            let idle = try await platform.createAccount("idle.g22", of: TestPlatform.sender, roles: [.memberUser])
            // Two calendar months (and an hour) pass without a sign-in: Central's sweep writes the first warning.
            // Not 62 days: across December and January that is exactly two months, and the clock's whole second
            // then falls just before the warning is due.
            let centralClock = ManualClock(
                now: InactivityPolicy.article16.firstWarningTime(after: Date()).addingTimeInterval(3600))
            #expect(try await platform.sweepInactiveAccounts(clock: centralClock).warnings == 1)
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                try await TestMonitoring.eventually("the warning is e-mailed and texted") {
                    !email.deliveries(to: "idle.g22@example.gov.vn").isEmpty
                        && !sms.deliveries(to: "+84912345678").isEmpty
                }
                try await TestMonitoring.eventually("Central records the warning as delivered") {
                    let notices = try await platform.notifications(
                        kind: "account.inactivity_warning", accountID: idle.accountID)
                    return notices.count == 2 && notices.allSatisfy(\.hasDeliverTime)
                }
                let inbox = try await monitoring.member(TestPlatform.sender).monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .accountInactivity }
                }
                try #require(inbox.count == 1)
                #expect(inbox[0].severity == .warning, "a warning, not the lock")
                #expect(inbox[0].detail.contains("idle.g22"))
                #expect(inbox[0].reference == "account:\(idle.accountID)")
                #expect(Set(inbox[0].notifications.map(\.channel)) == [.email, .sms])
                let other = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts
                }
                #expect(!other.contains { $0.kind == .accountInactivity }, "another member's warning is not shown")
            }
        }
    }

    @Test("a certificate-expiry notice is in its member's inbox as CERTIFICATE_EXPIRING, one alert per certificate")
    func certificateExpiryInTheInbox() async throws {
        let centralClock = ManualClock()
        try await TestPlatform.with(
            centralSettings: ["VDXP_CERTIFICATE_EXPIRY_CHECK_SECONDS": "1"], centralClock: centralClock.wallClock
        ) { platform in
            centralClock.advance(by: 340 * 86_400)  // the development certificates are valid for a year
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                // Each member has a connection and a signing certificate, and a contact e-mail and phone.
                var expiring: [Vdxp_Monitoring_V1_Alert] = []
                try await TestMonitoring.eventually("the sender's two certificate notices are in its inbox") {
                    expiring = try await monitoring.member(TestPlatform.sender).monitoring {
                        try await $0.listAlerts(.init()).alerts.filter { $0.kind == .certificateExpiring }
                    }
                    return expiring.count == 2 && expiring.allSatisfy { $0.notifications.count == 2 }
                }
                for alert in expiring {
                    #expect(alert.organisationID == TestPlatform.sender.organisationID)
                    #expect(alert.severity == .warning)
                    #expect(alert.summary.contains("expires on"))
                    #expect(Set(alert.notifications.map(\.channel)) == [.email, .sms])
                }
                #expect(Set(expiring.map(\.detail)).count == 2, "one alert per certificate")
                let addresses = Set(expiring.flatMap { $0.notifications.map(\.address) })
                try await TestMonitoring.eventually("the notices are e-mailed and texted, not only listed") {
                    addresses.allSatisfy { !email.deliveries(to: $0).isEmpty || !sms.deliveries(to: $0).isEmpty }
                }
                #expect(!addresses.isEmpty)
                let other = try await monitoring.member(TestPlatform.recipient).monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .certificateExpiring }
                }
                #expect(
                    !other.isEmpty && other.allSatisfy { $0.organisationID == TestPlatform.recipient.organisationID })
                #expect(!other.contains { $0.detail.contains(TestPlatform.sender.organisationID) })
            }
        }
    }

    @Test("only Monitoring may take Central's outbox")
    func onlyMonitoring() async throws {
        try await TestPlatform.with { platform in
            for client in [platform.operatorClient, platform.service("search", address: platform.central)] {
                let refused = await #expect(throws: RPCError.self) {
                    try await client.run { grpc in
                        try await Vdxp_Central_V1_AccountService.Client(wrapping: grpc).listUndeliveredNotifications(
                            .init())
                    }
                }
                #expect(refused?.code == .permissionDenied)
            }
            let tooMany = await #expect(throws: RPCError.self) {
                try await platform.service("monitoring", address: platform.central).run { grpc in
                    try await Vdxp_Central_V1_AccountService.Client(wrapping: grpc).listUndeliveredNotifications(
                        .with { $0.pageSize = 5000 })
                }
            }
            #expect(tooMany?.code == .invalidArgument)
            let none = await #expect(throws: RPCError.self) {
                try await platform.service("monitoring", address: platform.central).run { grpc in
                    try await Vdxp_Central_V1_AccountService.Client(wrapping: grpc).markNotificationsDelivered(.init())
                }
            }
            #expect(none?.code == .invalidArgument)
        }
    }
}
