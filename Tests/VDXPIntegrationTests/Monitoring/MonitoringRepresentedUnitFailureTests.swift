import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPMonitoring

/// Art. 13.2 for a represented unit (Art. 3.3, 8.2.b): a department sends through the city's document system and the
/// journal names the department as sender; the department has no inbox and no contact of its own (Central answers
/// GetMember of a unit NOT_FOUND), so a failed delivery of its document alerts the city — the parent member — in its
/// inbox and by e-mail and SMS to the city's contacts, naming the department.
@Suite("Monitoring: a represented unit's failed delivery alerts its parent member (Art. 13.2, 3.3)", .serialized)
struct MonitoringRepresentedUnitFailureTests {
    static let department = ExchangeRepresentedUnitTests.department
    static let city = ExchangeRepresentedUnitTests.city
    static let recipient = TestPlatform.stranger
    static let successor = TestPlatform.sender
    /// The city's contact as the development seeder registers it in Central.
    static let cityEmail = "vanthu@\(city.organisationID.lowercased()).vdxp.test"

    @Test("a document the department sent fails: the city's inbox, e-mail and SMS carry the alert, naming the unit")
    func parentIsAlerted() async throws {
        let exchangeSettings = ["VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1"]
        try await TestPlatform.with(exchangeSettings: exchangeSettings) { platform in
            try await ExchangeRepresentedUnitTests.registerDepartment(in: platform)
            let clock = ManualClock()
            let email = RecordingChannel(clock: clock)
            let sms = RecordingChannel(clock: clock)
            try await platform.withMonitoring(clock: clock, channels: MonitoringChannels(email: email, sms: sms)) {
                monitoring in
                let header = TestPlatform.header(number: "2131", from: Self.department, to: [Self.recipient])
                let sent = try await ExchangeRepresentedUnitTests.send(
                    try platform.messages(header, signedBy: Self.city),
                    through: ExchangeRepresentedUnitTests.client(
                        Self.city, actingFor: Self.department.organisationID, in: platform))
                #expect(sent.document.senderOrganisationID == Self.department.organisationID)
                _ = try await platform.operatorClient.central {
                    try await $0.closeOrganisationId(
                        .with {
                            $0.organisationID = Self.recipient.organisationID
                            $0.successorOrganisationID = Self.successor.organisationID
                            $0.reason = "Hợp nhất đơn vị hành chính"
                        })
                }
                try await platform.waitForExchangeConfiguration()

                var found: Vdxp_Monitoring_V1_Alert?
                try await TestMonitoring.eventually("the city's inbox holds a DELIVERY_FAILED alert") {
                    found = try await monitoring.member(Self.city).monitoring {
                        try await $0.listAlerts(.init()).alerts.first { $0.kind == .deliveryFailed }
                    }
                    return found != nil
                }
                let alert = try #require(found)
                #expect(alert.organisationID == Self.city.organisationID)
                #expect(alert.documentID == header.documentID)
                #expect(alert.detail.contains("represented unit \(Self.department.organisationID)"))
                #expect(alert.detail.contains("do đơn vị \(Self.department.organisationID) gửi"))

                try await TestMonitoring.eventually("the city's contacts get the e-mail and the SMS") {
                    !email.deliveries(to: Self.cityEmail).isEmpty && !sms.deliveries(to: "+84 24 0000 0000").isEmpty
                }
                #expect(email.deliveries(to: Self.cityEmail).first?.message.body.contains(header.documentID) == true)
                #expect(
                    sms.deliveries(to: "+84 24 0000 0000").contains { $0.message.body.contains(header.documentID) })

                // Nothing goes to the operator instead, nor to anyone else's e-mail.
                #expect(email.deliveries.allSatisfy { $0.message.address == Self.cityEmail })
                let operators = try await monitoring.operatorClient.monitoring {
                    try await $0.listAlerts(.init()).alerts.filter { $0.kind == .deliveryFailed }
                }
                #expect(operators.map(\.organisationID) == [Self.city.organisationID])
            }
        }
    }
}
