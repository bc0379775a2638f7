import Foundation
import GRPCCore
import GRPCNIOTransportCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPLocalCluster
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 9.2 and 19.2 for the platform's own outages: when Exchange stops serving, every member has lost its
/// connection with the platform, so every member's contacts are told by e-mail and SMS — once the outage has lasted
/// `VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES`, so that a restart of a minute is not ten thousand SMS — and told of
/// the recovery when it comes.
@Suite("Monitoring: an outage of the platform is sent to every member (Art. 9.2, 19.2)", .timeLimit(.minutes(10)))
struct MonitoringOutageNoticeTests {
    static let recipientEmail = "vanthu@\(TestPlatform.recipient.organisationID.lowercased()).vdxp.test"
    static let senderEmail = "vanthu@\(TestPlatform.sender.organisationID.lowercased()).vdxp.test"
    static let strangerEmail = "vanthu@\(TestPlatform.stranger.organisationID.lowercased()).vdxp.test"

    @Test(
        "Exchange down for moments: the inbox only; down for more than 5 minutes: every member's e-mail and SMS, then its recovery"
    )
    func outageIsSentOnceItLasts() async throws {
        try await TestPlatform.with { platform in
            // A member suspended at its request exchanges nothing: an outage cuts it off from nothing.
            try await platform.suspendAtItsRequest(TestPlatform.stranger)
            try await platform.waitForExchangeConfiguration()
            try await MonitoringComponentTests.withHealthServer { board, port in
                // The health server stands for Exchange: the component is named so, and Exchange is told by default.
                let settings = [
                    "VDXP_MONITORING_COMPONENTS": "exchange=127.0.0.1:\(port)",
                    "VDXP_MONITORING_PROBE_SECONDS": "1", "VDXP_MONITORING_INCIDENT_AFTER_FAILURES": "2",
                    "VDXP_MONITORING_PROBE_TIMEOUT_SECONDS": "30",
                    "VDXP_MONITORING_OUTAGE_NOTICE_AFTER_MINUTES": "5",
                ]
                let clock = ManualClock()
                let email = RecordingChannel(clock: clock)
                let sms = RecordingChannel(clock: clock)
                try await platform.withMonitoring(
                    clock: clock, channels: MonitoringChannels(email: email, sms: sms), settings: settings
                ) { monitoring in
                    func openIncident() async throws -> Int64 {
                        let list = try await monitoring.operatorClient.monitoring {
                            try await $0.listComponents(.init()).components
                        }
                        return list.first { $0.name == "exchange" }?.openIncidentID ?? 0
                    }
                    func inbox() async throws -> [Vdxp_Monitoring_V1_AlertKind] {
                        try await monitoring.member(TestPlatform.recipient).monitoring {
                            try await $0.listAlerts(.init()).alerts.filter { $0.component == "exchange" }.map(\.kind)
                        }
                    }
                    func emails(_ subject: String, to address: String) -> [RecordingChannel.Delivery] {
                        email.deliveries(to: address).filter { $0.message.subject.contains(subject) }
                    }
                    try await TestMonitoring.eventually("Exchange is probed and serving") {
                        let list = try await monitoring.operatorClient.monitoring {
                            try await $0.listComponents(.init()).components
                        }
                        return list.first { $0.name == "exchange" }?.state == .serving
                    }

                    // Moments of outage: an incident, both alerts in the inbox, nobody's e-mail or SMS.
                    board.set(.notServing, for: "")
                    try await TestMonitoring.eventually("the moment's incident opens") { try await openIncident() > 0 }
                    board.set(.serving, for: "")
                    try await TestMonitoring.eventually("the moment's incident closes") {
                        try await openIncident() == 0
                    }
                    #expect(try await inbox() == [.componentRecovered, .componentDown])
                    // Past the moment's notice time: its notice was withdrawn when the incident closed.
                    clock.advance(by: 600)

                    // An outage that lasts.
                    board.set(.notServing, for: "")
                    try await TestMonitoring.eventually("the outage's incident opens") { try await openIncident() > 0 }
                    let openedAt = clock.now
                    clock.advance(by: 240)
                    try await Task.sleep(for: .seconds(3))
                    #expect(emails("Platform outage", to: Self.recipientEmail).isEmpty, "not before 5 minutes")
                    clock.advance(by: 61)
                    try await TestMonitoring.eventually("every member is e-mailed the outage") {
                        !emails("Platform outage", to: Self.recipientEmail).isEmpty
                            && !emails("Platform outage", to: Self.senderEmail).isEmpty
                    }
                    board.set(.serving, for: "")
                    try await TestMonitoring.eventually("every member is e-mailed the recovery") {
                        !emails("Platform recovered", to: Self.recipientEmail).isEmpty
                            && !emails("Platform recovered", to: Self.senderEmail).isEmpty
                    }

                    // One outage told, the one that lasted, and its recovery; by e-mail and by SMS to each member.
                    let outage = emails("Platform outage", to: Self.recipientEmail)
                    #expect(outage.count == 1, "\(outage.map(\.message.body))")
                    #expect(outage.first?.message.body.contains(AlertTexts.vietnamTime(openedAt)) == true)
                    #expect(outage.first?.message.body.contains("same document id") == true)
                    #expect(emails("Platform recovered", to: Self.recipientEmail).count == 1)
                    let members = Set(
                        email.deliveries.filter { $0.message.subject.contains("Platform") }
                            .map(\.message.address))
                    #expect(members.count >= 2)
                    #expect(!members.contains(Self.strangerEmail), "a suspended member is not told of an outage")
                    try await TestMonitoring.eventually("every member is texted the outage and the recovery") {
                        let texts = sms.deliveries.map(\.message.body)
                        return texts.filter { $0.contains("exchange của Trục ngừng phục vụ") }.count == members.count
                            && texts.filter { $0.contains("exchange của Trục đã hoạt động lại") }.count == members.count
                    }
                    #expect(
                        try await inbox() == [.componentRecovered, .componentDown, .componentRecovered, .componentDown])
                }
            }
        }
    }
}
