import Foundation
import Logging
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The words of each alert and of the e-mails and SMS that carry it: Vietnamese first, with diacritics, then English.
/// Times are Vietnam time (UTC+7).
enum AlertTexts {
    /// A member's connection was lost (Art. 9.2).
    static func connectionLost(
        _ change: ConnectionChangeDraft, memberName: String, lastActivity: Date?, detectedAt now: Date
    ) -> NewAlert {
        let member = name(change.organisationID, memberName)
        let since = vietnamTime(change.changeTime)
        let last = lastActivity.map { vietnamTime($0) } ?? "chưa có / none yet"
        return NewAlert(
            kind: .connectionLost, severity: .critical, organisationID: change.organisationID,
            summary: "VDXP: Hệ thống của \(member) mất kết nối với Trục liên thông từ \(since). "
                + "/ \(change.organisationID) lost its connection to the platform at \(since).",
            detail: """
                Hệ thống quản lý văn bản của \(member) không có hoạt động nào trên Trục liên thông văn bản quốc gia \
                kể từ \(last) và được ghi nhận là mất kết nối lúc \(since) (Điều 9.2). Đề nghị kiểm tra kết nối \
                của hệ thống với Trục (chứng thư kết nối, mạng, dịch vụ gửi nhận văn bản) và liên hệ đơn vị vận \
                hành nếu cần hỗ trợ. Thông báo này được nhắc lại cho đến khi kết nối được khôi phục.

                The document system of \(member) has made no call to the National Document Exchange Platform \
                since \(last) and was found disconnected at \(since) (Art. 9.2). Check its connection to the \
                platform (connection certificate, network, the document exchange service) and contact the \
                operator for help. This notice repeats until the connection is restored.
                """,
            notifyDue: now)
    }

    /// A member's lost connection is back.
    static func connectionRestored(_ change: ConnectionChangeDraft, memberName: String, at now: Date) -> NewAlert {
        let member = name(change.organisationID, memberName)
        let at = vietnamTime(change.changeTime)
        return NewAlert(
            kind: .connectionRestored, severity: .info, organisationID: change.organisationID,
            summary: "VDXP: Hệ thống của \(member) đã kết nối lại với Trục liên thông lúc \(at). "
                + "/ \(change.organisationID) is connected to the platform again since \(at).",
            detail: """
                Hệ thống quản lý văn bản của \(member) đã hoạt động trở lại trên Trục liên thông văn bản quốc gia \
                lúc \(at) (\(change.reason)). Không cần thực hiện thêm thao tác nào.

                The document system of \(member) is active on the National Document Exchange Platform again since \
                \(at) (\(change.reason)). Nothing more needs to be done.
                """,
            notifyDue: now)
    }

    /// A notification was given up: for the operator, and in the member's inbox when it was the member's; one to
    /// the operator group (no member) is the operator's only, never every member's (it names the group's address).
    ///
    /// The reason (the relay's or gateway's last answer) is written only into the operator group's alert: a member's
    /// alert is in the member's inbox, and the answer names the platform's relay or gateway; the operator reads it in
    /// the notification's attempts.
    static func notificationFailed(_ notification: ClaimedNotification, reason: String) -> NewAlert {
        let channel = notification.channel == .sms ? "SMS" : "e-mail"
        let operatorsOnly = notification.organisationID.isEmpty
        let (reasonVi, reasonEn) =
            operatorsOnly
            ? (reason, reason)
            : (
                "câu trả lời của máy chủ thư hoặc cổng SMS có trong các lần gửi của thông báo (ListAlerts, với "
                    + "quyền đơn vị vận hành)",
                "the relay's or gateway's answer is in the notification's attempts (ListAlerts, as the operator)"
            )
        var alert = NewAlert(
            kind: .notificationFailed, severity: .critical, organisationID: notification.organisationID,
            summary: "VDXP: Không gửi được \(channel) tới \(notification.address). "
                + "/ A \(channel) to \(notification.address) could not be delivered.",
            detail: """
                Thông báo số \(notification.notificationID) (\(channel) tới \(notification.address)) không gửi được \
                và đã dừng gửi: \(reasonVi). Đơn vị vận hành cần liên hệ thành viên bằng cách khác và kiểm tra \
                thông tin liên hệ của thành viên trên hệ thống Trung tâm.

                Notification \(notification.notificationID) (\(channel) to \(notification.address)) was given up: \
                \(reasonEn). The operator should reach the member another way and check the member's contact in \
                Central.
                """,
            notifyDue: nil)
        alert.operatorsOnly = operatorsOnly
        return alert
    }

    /// The e-mail and SMS that carry a due alert to the member's contacts (an empty address or number is skipped:
    /// ``missingChannels(for:contact:)`` names it, and the notifier raises CONTACT_MISSING for the operator).
    static func messages(for alert: DueAlert, contact: Vdxp_Central_V1_Contact?) -> [OutgoingNotification] {
        guard let contact else { return [] }
        var messages: [OutgoingNotification] = []
        if !contact.email.isEmpty, alert.channels.contains(.email) {
            messages.append(
                OutgoingNotification(
                    alertID: alert.alertID, organisationID: alert.organisationID, channel: .email,
                    address: contact.email, subject: subject(alert), body: alert.detail))
        }
        if !contact.phone.isEmpty, alert.channels.contains(.sms) {
            messages.append(
                OutgoingNotification(
                    alertID: alert.alertID, organisationID: alert.organisationID, channel: .sms,
                    address: contact.phone, subject: "", body: alert.summary))
        }
        return messages
    }

    /// The channels `alert` asks for that `contact` has no address or number for (all of them without a contact).
    static func missingChannels(for alert: DueAlert, contact: Vdxp_Central_V1_Contact?) -> [Vdxp_Monitoring_V1_Channel]
    {
        var missing: [Vdxp_Monitoring_V1_Channel] = []
        if alert.channels.contains(.email), contact?.email.isEmpty ?? true { missing.append(.email) }
        if alert.channels.contains(.sms), contact?.phone.isEmpty ?? true { missing.append(.sms) }
        return missing
    }

    /// The e-mails and SMS that carry a due alert of the operator group: one to each of its addresses and numbers,
    /// by the alert's channels.
    static func messages(for alert: DueAlert, to group: OperatorGroup) -> [OutgoingNotification] {
        var messages: [OutgoingNotification] = []
        if alert.channels.contains(.email) {
            for address in group.emails {
                messages.append(
                    OutgoingNotification(
                        alertID: alert.alertID, organisationID: "", channel: .email, address: address,
                        subject: subject(alert), body: alert.detail))
            }
        }
        if alert.channels.contains(.sms) {
            for number in group.phones {
                messages.append(
                    OutgoingNotification(
                        alertID: alert.alertID, organisationID: "", channel: .sms, address: number, subject: "",
                        body: alert.summary))
            }
        }
        return messages
    }

    private static func subject(_ alert: DueAlert) -> String {
        switch alert.kind {
        case .connectionLost: "[VDXP] Mất kết nối / Connection lost: \(alert.organisationID)"
        case .connectionRestored: "[VDXP] Đã kết nối lại / Connection restored: \(alert.organisationID)"
        case .deliveryFailed: "[VDXP] Văn bản không được nhận / Document not delivered: \(alert.summary)"
        case .supportTicket: "[VDXP] Hỗ trợ / Support: \(alert.summary)"
        case .maintenanceAnnounced: "[VDXP] Bảo trì / Maintenance: \(alert.summary)"
        case .componentDown: "[VDXP] Sự cố Trục liên thông / Platform outage"
        case .componentRecovered: "[VDXP] Trục liên thông hoạt động lại / Platform recovered"
        case .operatorNotice: "[VDXP] Thông báo / Notice: \(alert.summary)"
        case .notificationLate: "[VDXP] Thông báo chậm (Điều 9.2) / Notice late (Art. 9.2): \(alert.organisationID)"
        case .contactMissing: "[VDXP] Thiếu thông tin liên hệ / Contact missing: \(alert.organisationID)"
        default: "[VDXP] Cảnh báo / Alert \(alert.alertID)"
        }
    }

    static func name(_ organisationID: String, _ memberName: String) -> String {
        memberName.isEmpty ? organisationID : "\(memberName) (\(organisationID))"
    }

    /// `HH:mm dd/MM/yyyy (giờ Việt Nam)`.
    static func vietnamTime(_ date: Date) -> String { VietnamTime.text(date) }
}
