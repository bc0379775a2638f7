import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPMonitoring

/// Art. 13.2 on a real platform: "the sender … must handle documents not sent successfully within the working day".
/// A delivery Exchange fails reaches the sender's in-platform inbox and its contacts — by e-mail through a real SMTP
/// relay (aiosmtpd) and by SMS — naming the document, the recipient, the reason and the successor to send it to,
/// once, also across a restart of Monitoring.
@Suite("Monitoring: failed deliveries alert their sender (Art. 13.2)", .serialized, .timeLimit(.minutes(10)))
struct MonitoringFailedDeliveryTests {
    static let sender = TestPlatform.sender.organisationID
    static let recipient = TestPlatform.recipient.organisationID
    static let successor = TestPlatform.stranger.organisationID
    /// The sender's contact as the development seeder registers it in Central.
    static let senderEmail = "vanthu@\(sender.lowercased()).vdxp.test"

    @Test(
        "a delivery that fails because its recipient closed alerts the sender by inbox, e-mail and SMS, naming the successor, once"
    )
    func closedRecipientAlertsTheSender() async throws {
        let exchangeSettings = ["VDXP_EXCHANGE_FAILURE_CHECK_SECONDS": "1"]
        try await TestPlatform.with(exchangeSettings: exchangeSettings) { platform in
            try await LocalSink.with("smtp_sink.py", folderOption: "--maildir") { relay in
                let clock = ManualClock()
                let sms = RecordingChannel(clock: clock)
                let email = SMTPChannel(
                    settings: try ChannelFixtures.smtp(port: relay.port), clock: clock.wallClock,
                    logger: ChannelFixtures.logger)
                let channels = MonitoringChannels(email: email, sms: sms)
                let header = TestPlatform.header(number: "1321")
                try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                    try await platform.sendDocument(header)
                    _ = try await platform.operatorClient.central {
                        try await $0.closeOrganisationId(
                            .with {
                                $0.organisationID = Self.recipient
                                $0.successorOrganisationID = Self.successor
                                $0.reason = "Hợp nhất đơn vị hành chính"
                            })
                    }
                    try await platform.waitForExchangeConfiguration()

                    let alert = try await Self.failedDeliveryAlert(in: monitoring)
                    #expect(alert.organisationID == Self.sender)
                    #expect(alert.severity == .critical)
                    #expect(alert.documentID == header.documentID)
                    #expect(alert.recipientOrganisationID == Self.recipient)
                    #expect(alert.summary.contains(header.documentID))
                    #expect(alert.detail.contains("Điều 13.2"))
                    #expect(alert.detail.contains("successor, \(Self.successor)"))
                    #expect(alert.detail.contains("đơn vị kế thừa \(Self.successor)"))

                    try await TestMonitoring.eventually("the e-mail reaches the relay, the SMS the gateway") {
                        try !Self.mails(in: relay).isEmpty && !sms.deliveries(to: "+84 24 0000 0000").isEmpty
                    }
                    let mail = try #require(try Self.mails(in: relay).first)
                    #expect(mail["rcpt_tos"] as? [String] == [Self.senderEmail])
                    #expect((mail["subject"] as? String)?.contains("Document not delivered") == true)
                    let body = try #require(mail["body"] as? String)
                    #expect(body.contains(header.documentID))
                    #expect(body.contains(Self.recipient))
                    #expect(body.contains(Self.successor))
                    #expect(
                        sms.deliveries(to: "+84 24 0000 0000").contains { $0.message.body.contains(header.documentID) })

                    // Neither the recipient nor the stranger sees the sender's alert.
                    let strangers = try await monitoring.member(TestPlatform.stranger).monitoring {
                        try await $0.listAlerts(.init()).alerts
                    }
                    #expect(!strangers.contains { $0.kind == .deliveryFailed })
                }

                // A restart replays nothing: one alert, one e-mail.
                try await platform.withMonitoring(clock: clock, channels: channels) { monitoring in
                    try await monitoring.member(TestPlatform.sender).monitoring { _ = try await $0.heartbeat(.init()) }
                    try await Task.sleep(for: .seconds(3))
                    let alerts = try await monitoring.operatorClient.monitoring {
                        try await $0.listAlerts(.with { $0.organisationID = Self.sender }).alerts
                    }
                    #expect(alerts.filter { $0.kind == .deliveryFailed }.count == 1)
                    #expect(try Self.mails(in: relay).count == 1)
                }
            }
        }
    }

    @Test("a delivery.failed entry applied twice, past the cursor, raises one alert: its sequence is a unique key")
    func oneAlertPerJournalEntry() async throws {
        try await TestPlatform.with { platform in
            let clock = ManualClock()
            try await platform.withMonitoring(clock: clock, channels: .none) { _ in }
            let logger = platform.logger
            let sent = try Self.entry(
                sequence: 900_001, type: "document.sent",
                .with {
                    $0.documentSent = .with {
                        $0.senderOrganisationID = Self.sender
                        $0.subject = "Về việc thử nghiệm"
                    }
                })
            let failed = try Self.entry(
                sequence: 900_002, type: "delivery.failed",
                .with {
                    $0.deliveryFailed = .with {
                        $0.recipientOrganisationID = Self.recipient
                        $0.reason = .notAcknowledgedInTime
                    }
                })
            let alerts = try await platform.database { database in
                let store = AlertStore(database: database, logger: logger)
                let failures = FailedDeliveryAlerts(
                    alerts: store, configuration: GlobalConfigurationStore(), clock: clock.wallClock, logger: logger)
                let documents = SentDocumentStore(database: database, logger: logger)
                let deliveries = DeliveryTimesStore(database: database, logger: logger)
                for entry in [sent, failed, failed] {
                    try await database.transaction(logger: logger) { connection in
                        let decoded = DecodedJournalEntry(entry)
                        var records = try await SentRecords.load(
                            for: [decoded], documents: documents, deliveries: deliveries, on: connection)
                        try await failures.apply(decoded, records: &records, on: connection)
                        try await records.save(on: connection)
                    }
                }
                return try await store.alerts(visibleTo: .onlyMember(Self.sender), after: 0, limit: 100)
            }
            let raised = alerts.filter { $0.kind == .deliveryFailed }
            #expect(raised.count == 1)
            #expect(raised.first?.documentID == "doc-900001")
            #expect(raised.first?.detail.contains("Về việc thử nghiệm") == true)
        }
    }

    /// A journal entry of document `doc-900001` carrying `event`.
    static func entry(sequence: Int64, type: String, _ event: Vdxp_Exchange_V1_JournalEvent) throws
        -> Vdxp_Exchange_V1_JournalEntry
    {
        try .with {
            $0.sequence = sequence
            $0.eventType = type
            $0.documentID = "doc-900001"
            $0.recordTime = .init(date: Date())
            $0.payload = try event.serializedBytes()
        }
    }

    /// The sender's DELIVERY_FAILED alert, as the sender reads it (15 s at most).
    static func failedDeliveryAlert(in monitoring: TestMonitoring) async throws -> Vdxp_Monitoring_V1_Alert {
        var found: Vdxp_Monitoring_V1_Alert?
        try await TestMonitoring.eventually("the sender's inbox holds a DELIVERY_FAILED alert") {
            found = try await monitoring.member(TestPlatform.sender).monitoring {
                try await $0.listAlerts(.init()).alerts.first { $0.kind == .deliveryFailed }
            }
            return found != nil
        }
        return try #require(found)
    }

    /// The e-mails the relay received for the sender.
    static func mails(in relay: LocalSink) throws -> [[String: Any]] {
        try relay.received().filter { ($0["rcpt_tos"] as? [String])?.contains(Self.senderEmail) == true }
    }
}
