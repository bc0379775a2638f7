import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Central's outbox (Art. 16.4 notices, certificate expiry) is delivered through Monitoring's, exactly once, and
/// marked delivered in Central.
@Suite("Monitoring: Central's outbox", .timeLimit(.minutes(10)))
struct MonitoringCentralOutboxTests {
    @Test("an account-lock notice written by Central is e-mailed and texted once, and marked delivered in Central")
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
            let clock = ManualClock(now: Date())
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) { _ in
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
            }
            // Restarted, Monitoring finds nothing left to take: nothing is sent twice.
            let email2 = RecordingChannel(clock: clock)
            let sms2 = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email2, sms: sms2)) {
                _ in
                try await Task.sleep(for: .seconds(3))
                #expect(email2.deliveries(to: "clerk.g22@example.gov.vn").isEmpty)
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
