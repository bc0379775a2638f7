import Foundation
import SwiftProtobuf
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// Central's notices in the member's inbox (Art. 16.4, 19.2): which kind of alert each becomes.
@Suite("Central's notices as inbox alerts")
struct CentralNoticeAlertTests {
    static func notice(
        _ kind: String, channel: Vdxp_Central_V1_NotificationChannel = .email, organisationID: String = "000.00.00.G22"
    ) -> Vdxp_Central_V1_Notification {
        .with {
            $0.notificationID = 41
            $0.kind = kind
            $0.channel = channel
            $0.organisationID = organisationID
            $0.accountID = kind.hasPrefix("account.") ? "7d1c6a1e-8a57-4c55-9c7e-2a4b1f2c9e10" : ""
            $0.subject = channel == .email ? "[VDXP] Tài khoản đã bị khóa — account locked" : ""
            $0.body = "Tài khoản clerk.g22 đã bị khóa."
            $0.createTime = .init(seconds: 1_780_000_000, nanos: 123_000)
        }
    }

    @Test(
        "inactivity warnings and locks are ACCOUNT_INACTIVITY, expiry notices CERTIFICATE_EXPIRING, others notices",
        arguments: [
            (
                "account.inactivity_warning", Vdxp_Monitoring_V1_AlertKind.accountInactivity,
                Vdxp_Monitoring_V1_Severity.warning
            ),
            ("account.locked", .accountInactivity, .critical),
            ("certificate.expiry_warning", .certificateExpiring, .warning),
            ("something.new", .operatorNotice, .info),
        ])
    func kinds(
        expected: (String, Vdxp_Monitoring_V1_AlertKind, Vdxp_Monitoring_V1_Severity)
    ) throws {
        let (kind, alert, severity) = expected
        let raised = try #require(AlertTexts.centralNotice(Self.notice(kind)))
        #expect(raised.kind == alert)
        #expect(raised.severity == severity)
        #expect(raised.organisationID == "000.00.00.G22")
        #expect(raised.notifyDue == nil, "Central's rows are its e-mail and SMS")
        #expect(raised.sourceKey == "central:41")
    }

    @Test("the e-mail and the SMS of one notice share its key; the e-mail's subject is the summary, else the SMS")
    func oneNoticeTwoRows() throws {
        let mail = try #require(AlertTexts.centralNotice(Self.notice("account.locked")))
        let text = try #require(AlertTexts.centralNotice(Self.notice("account.locked", channel: .sms)))
        #expect(mail.noticeKey == text.noticeKey)
        #expect(abs((mail.noticeTime?.timeIntervalSince1970 ?? 0) - 1_780_000_000) < 0.001)
        #expect(mail.summary == "[VDXP] Tài khoản đã bị khóa — account locked")
        #expect(text.summary == "Tài khoản clerk.g22 đã bị khóa.")
        #expect(mail.reference == "account:7d1c6a1e-8a57-4c55-9c7e-2a4b1f2c9e10")
        let other = try #require(
            AlertTexts.centralNotice(Self.notice("account.locked", organisationID: "000.00.00.H26")))
        #expect(other.noticeKey != mail.noticeKey)
    }

    @Test("a notice about no member goes to no inbox")
    func noMember() {
        #expect(AlertTexts.centralNotice(Self.notice("account.locked", organisationID: "")) == nil)
    }
}
