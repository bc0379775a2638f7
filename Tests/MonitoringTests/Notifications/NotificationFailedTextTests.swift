import Foundation
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// A notification given up raises NOTIFICATION_FAILED: in the inbox of the member it was for, and for the operator;
/// one to the operator group is the operator's alone — it names the group's address and the relay's answer, which
/// no member may read.
@Suite("Notification failed alert texts")
struct NotificationFailedTextTests {
    static func notification(to organisationID: String, address: String) -> ClaimedNotification {
        ClaimedNotification(
            notificationID: 7, deliveryKey: UUID(), alertID: 3, organisationID: organisationID, channel: .email,
            address: address, subject: "VDXP", body: "…", attempt: 4,
            giveUpTime: Date(timeIntervalSince1970: 1_793_588_400))
    }

    @Test("a member's failed e-mail is in that member's inbox, naming the address")
    func membersOwn() {
        let alert = AlertTexts.notificationFailed(
            Self.notification(to: "000.00.00.H26", address: "vanthu@hue.gov.vn"), reason: "550 no such user")
        #expect(alert.kind == .notificationFailed)
        #expect(alert.organisationID == "000.00.00.H26")
        #expect(!alert.operatorsOnly)
        #expect(alert.summary.contains("vanthu@hue.gov.vn"))
        #expect(!alert.detail.contains("550"), "the relay's answer names the platform's relay: the operator's only")
    }

    @Test("a failed e-mail to the operator group is the operator's only, not every member's platform-wide alert")
    func operatorGroups() {
        let alert = AlertTexts.notificationFailed(
            Self.notification(to: "", address: "trucca@vpcp.gov.vn"), reason: "550 mailbox unavailable")
        #expect(alert.organisationID.isEmpty)
        #expect(alert.operatorsOnly)
        #expect(alert.detail.contains("550 mailbox unavailable"))
    }
}
