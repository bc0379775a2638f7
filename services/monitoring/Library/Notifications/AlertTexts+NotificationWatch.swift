import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension AlertTexts {
    /// A member's lost connection was not told within the bound of Art. 9.2: for the operator group, who reaches the
    /// member another way. Raised once per CONNECTION_LOST alert (its source key).
    static func notificationLate(_ late: LateLostConnection, bound: Duration, at now: Date) -> NewAlert {
        let minutes = bound.components.seconds / 60
        let missing = [late.emailSent ? nil : "e-mail", late.smsSent ? nil : "SMS"].compactMap { $0 }
            .joined(separator: ", ")
        let raised = vietnamTime(late.raiseTime)
        return NewAlert(
            kind: .notificationLate, severity: .critical, organisationID: late.organisationID,
            sourceKey: AlertStore.lateKey(of: late.alertID),
            summary: "VDXP: Thông báo mất kết nối của \(late.organisationID) chưa gửi được (\(missing)) sau "
                + "\(minutes) phút. / The lost-connection notice of \(late.organisationID) was not sent "
                + "(\(missing)) within \(minutes) minutes.",
            detail: """
                Cảnh báo mất kết nối số \(late.alertID) của \(late.organisationID), ghi nhận lúc \(raised), chưa được \
                gửi tới thành viên bằng \(missing) trong vòng \(minutes) phút (Điều 9.2). Đơn vị vận hành cần liên \
                hệ thành viên bằng cách khác, kiểm tra máy chủ thư, cổng SMS và thông tin liên hệ của thành viên \
                trên hệ thống Trung tâm (ListAlerts cho biết từng lần gửi).

                Lost-connection alert \(late.alertID) of \(late.organisationID), raised at \(raised), did not reach \
                the member by \(missing) within \(minutes) minutes (Art. 9.2). Reach the member another way and \
                check the SMTP relay, the SMS gateway and the member's contact in Central (ListAlerts shows each \
                attempt).
                """,
            notifyDue: now, operatorsOnly: true)
    }

    /// A member's alert asked for e-mail or SMS but the member has no such contact in Central (or no record there):
    /// for the operator group, who completes the member's contact. Raised once per alert and member.
    static func contactMissing(
        _ alert: DueAlert, member: String, missing: [Vdxp_Monitoring_V1_Channel], known: Bool, at now: Date
    ) -> NewAlert {
        let what = missing.map { $0 == .sms ? "số điện thoại / telephone number" : "e-mail" }.joined(separator: ", ")
        let why =
            known
            ? "hồ sơ thành viên trên hệ thống Trung tâm không có \(what) / the member's record in Central has no \(what)"
            : "hệ thống Trung tâm không có hồ sơ của thành viên / Central has no record of the member"
        return NewAlert(
            kind: .contactMissing, severity: .warning, organisationID: member,
            sourceKey: "contact-missing/\(alert.alertID)/\(member)",
            summary: "VDXP: Không có thông tin liên hệ để báo cho \(member) về cảnh báo \(alert.alertID). "
                + "/ No contact to tell \(member) of alert \(alert.alertID).",
            detail: """
                Cảnh báo số \(alert.alertID) cần gửi tới \(member) bằng e-mail và SMS nhưng \(why). Thành viên chỉ \
                thấy cảnh báo trong hộp thư trên Trục. Đơn vị vận hành cần báo cho thành viên bằng cách khác và bổ \
                sung thông tin liên hệ (Điều 19.2).

                Alert \(alert.alertID) is to be sent to \(member) by e-mail and SMS, but: \(why). The member sees \
                it only in its in-platform inbox. Tell the member another way and complete its contact (Art. 19.2).

                \(alert.summary)
                """,
            notifyDue: now, operatorsOnly: true)
    }
}
