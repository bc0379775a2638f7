import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Whose operation each journal entry is, whether it failed and how long it took (Art. 4.1.g).
@Suite("Operational statistics: what a journal entry counts")
struct OperationSampleTests {
    static let time = Date(timeIntervalSince1970: 1_780_000_000)

    func sample(
        _ event: Vdxp_Exchange_V1_JournalEvent, _ type: String, sender: String? = nil, sentAt: Date? = nil,
        acknowledgedAt: Date? = nil
    ) -> OperationSample? {
        OperationSample.of(
            event, recordedAt: Self.time, eventType: type, sender: sender, sentAt: sentAt,
            acknowledgedAt: acknowledgedAt)
    }

    @Test("a send is the sender's, without a latency")
    func send() {
        let sample = sample(.with { $0.documentSent = .with { $0.senderOrganisationID = "G22" } }, "document.sent")
        #expect(
            sample == OperationSample(organisationID: "G22", operation: "document.sent", time: Self.time, failed: false)
        )
    }

    @Test("an acknowledgement is the recipient's, timed from the send; a status, from the acknowledgement")
    func timed() {
        let acknowledged = sample(
            .with { $0.deliveryAcknowledged = .with { $0.recipientOrganisationID = "H26" } }, "delivery.acknowledged",
            sentAt: Self.time.addingTimeInterval(-90))
        #expect(acknowledged?.organisationID == "H26")
        #expect(acknowledged?.latency == 90)
        let status = sample(
            .with { $0.statusChanged = .with { $0.recipientOrganisationID = "H26" } }, "status.changed",
            acknowledgedAt: Self.time.addingTimeInterval(-600))
        #expect(status?.latency == 600)
        let unknownStart = sample(
            .with { $0.deliveryAcknowledged = .with { $0.recipientOrganisationID = "H26" } }, "delivery.acknowledged")
        #expect(unknownStart?.latency == nil)
    }

    @Test("a failed delivery is the recipient's failure")
    func failure() {
        let failed = sample(
            .with { $0.deliveryFailed = .with { $0.recipientOrganisationID = "H26" } }, "delivery.failed",
            sender: "G22")
        #expect(failed?.organisationID == "H26")
        #expect(failed?.failed == true)
    }

    @Test("a retry or a revocation is the sender's, and is not counted when the sender is not known")
    func sendersActs() {
        let retried = sample(.with { $0.deliveryRetried = .init() }, "delivery.retried", sender: "G22")
        #expect(retried?.organisationID == "G22")
        #expect(sample(.with { $0.documentRevoked = .init() }, "document.revoked") == nil)
    }

    @Test("an event type Monitoring does not know counts as other, keeping the metric labels bounded")
    func unknownType() {
        let sample = sample(
            .with { $0.documentSent = .with { $0.senderOrganisationID = "G22" } }, "document.teleported")
        #expect(sample?.operation == "other")
    }
}
