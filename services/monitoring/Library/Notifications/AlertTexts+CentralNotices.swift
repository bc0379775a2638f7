import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension AlertTexts {
    /// The inbox alert of a notice from Central's outbox, for the member it concerns (nil for a notice about no
    /// member): its kind from the notice's (`account.inactivity_warning` and `account.locked`: ACCOUNT_INACTIVITY,
    /// Art. 16.4; `certificate.expiry_warning`: CERTIFICATE_EXPIRING; any other: OPERATOR_NOTICE), the e-mail's
    /// subject and text (the SMS text when it comes alone). It is not e-mailed or texted again: Central's rows are
    /// its e-mail and SMS.
    static func centralNotice(_ notice: Vdxp_Central_V1_Notification) -> NewAlert? {
        guard !notice.organisationID.isEmpty else { return nil }
        let (kind, severity): (Vdxp_Monitoring_V1_AlertKind, Vdxp_Monitoring_V1_Severity) =
            switch notice.kind {
            case "account.inactivity_warning": (.accountInactivity, .warning)
            case "account.locked": (.accountInactivity, .critical)
            case "certificate.expiry_warning": (.certificateExpiring, .warning)
            default: (.operatorNotice, .info)
            }
        let summary = notice.subject.isEmpty ? notice.body : notice.subject
        return NewAlert(
            kind: kind, severity: severity, organisationID: notice.organisationID,
            sourceKey: "central:\(notice.notificationID)",
            noticeKey: "\(notice.kind)|\(notice.organisationID)|\(notice.accountID)",
            noticeTime: notice.createTime.date,
            summary: String(summary.prefix(300)), detail: notice.body, notifyDue: nil,
            reference: notice.accountID.isEmpty ? "" : "account:\(notice.accountID)")
    }
}
