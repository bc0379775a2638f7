import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// The sender's alert for a failed delivery (Art. 13.2) names the document, the recipient, the reason and what to do.
@Suite("Failed delivery alert texts")
struct DeliveryFailedTextTests {
    static let document = SentDocumentStore.SentDocument(
        documentID: "doc-1", senderOrganisationID: "000.00.00.G22", subject: "Về việc họp giao ban",
        sendTime: Date(timeIntervalSince1970: 1_793_584_800))

    func alert(
        _ reason: Vdxp_Exchange_V1_DeliveryFailureReason, successor: String = "",
        document: SentDocumentStore.SentDocument? = Self.document
    ) -> NewAlert {
        AlertTexts.deliveryFailed(
            .with {
                $0.recipientOrganisationID = "000.00.00.H26"
                $0.reason = reason
                $0.attempts = 5
                $0.successorOrganisationID = successor
            }, documentID: "doc-1", document: document, sequence: 42,
            failedAt: Date(timeIntervalSince1970: 1_793_588_400), detectedAt: Date(timeIntervalSince1970: 1_793_588_401)
        )
    }

    @Test("the sender's critical alert names the document, its subject and the recipient, keyed by the journal entry")
    func namesEverything() {
        let alert = alert(.notAcknowledgedInTime)
        #expect(alert.kind == .deliveryFailed)
        #expect(alert.severity == .critical)
        #expect(alert.organisationID == "000.00.00.G22")
        #expect(alert.documentID == "doc-1")
        #expect(alert.recipientOrganisationID == "000.00.00.H26")
        #expect(alert.journalSequence == 42)
        #expect(alert.notifyDue == Date(timeIntervalSince1970: 1_793_588_401))
        #expect(alert.detail.contains("Về việc họp giao ban"))
        #expect(alert.detail.contains("did not acknowledge it by its deadline"))
        #expect(alert.detail.contains("10:00 02/11/2026"))
        #expect(alert.summary.contains("doc-1") && alert.summary.contains("000.00.00.H26"))
    }

    @Test("each reason says why and what to do; a closed recipient names the successor to send to")
    func reasons() {
        #expect(alert(.recipientNotConnected).detail.contains("no longer connected"))
        #expect(alert(.recipientClosed, successor: "000.00.00.H29").detail.contains("successor, 000.00.00.H29"))
        #expect(alert(.recipientClosed).detail.contains("Ask the operator"))
        #expect(alert(.attemptsExhausted).detail.contains("fetched it 5 times"))
        #expect(alert(.unspecified).detail.contains("fetched it 5 times"))
    }

    @Test("without the sending on record, the alert goes to the operator only and is not mailed")
    func unknownSender() {
        let alert = alert(.notAcknowledgedInTime, document: nil)
        #expect(alert.organisationID.isEmpty)
        #expect(alert.operatorsOnly)
        #expect(alert.notifyDue == nil)
    }
}
