import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension AlertTexts {
    /// A delivery of a document failed (Art. 13.2): for its sender, naming the document, the recipient, the reason
    /// and — for a closed recipient — the successor to send it to. Without the sending on record (`document` nil:
    /// Monitoring began following the journal after it) the alert goes to the operator, who tells the sender. For a
    /// document a represented unit sent (`parentOfUnit` is the unit's parent member, Art. 3.3, 8.2.b) the alert is the
    /// parent's and names the unit.
    static func deliveryFailed(
        _ failed: Vdxp_Exchange_V1_DeliveryFailed, documentID: String,
        document: SentDocumentStore.SentDocument?, parentOfUnit: String? = nil, sequence: Int64, failedAt: Date,
        detectedAt now: Date
    ) -> NewAlert {
        let recipient = failed.recipientOrganisationID
        let at = vietnamTime(failedAt)
        let unit = parentOfUnit == nil ? nil : document?.senderOrganisationID
        let subject =
            (document.map { " «\($0.subject)»" } ?? "")
            + (unit.map { ", do đơn vị \($0) gửi qua hệ thống của đơn vị," } ?? "")
        let subjectEnglish =
            (document.map { " «\($0.subject)»" } ?? "")
            + (unit.map { ", sent for the represented unit \($0) through your system," } ?? "")
        let (reasonVietnamese, reasonEnglish) = reason(failed)
        let (todoVietnamese, todoEnglish) = whatToDo(failed)
        return NewAlert(
            kind: .deliveryFailed, severity: .critical,
            organisationID: parentOfUnit ?? document?.senderOrganisationID ?? "",
            documentID: documentID, recipientOrganisationID: recipient, journalSequence: sequence,
            summary: "VDXP: Văn bản \(documentID) gửi tới \(recipient) không được nhận: \(reasonVietnamese). "
                + "/ Document \(documentID) to \(recipient) was not delivered: \(reasonEnglish).",
            detail: """
                Văn bản \(documentID)\(subject) gửi tới \(recipient) không được nhận lúc \(at): \
                \(reasonVietnamese) (Điều 13.2). \(todoVietnamese) Văn bản gửi không thành công phải được xử lý \
                trong ngày làm việc.

                Document \(documentID)\(subjectEnglish) sent to \(recipient) was not delivered at \(at): \(reasonEnglish) \
                (Art. 13.2). \(todoEnglish) An unsuccessful send must be handled within the working day.
                """,
            notifyDue: document == nil ? nil : now,
            operatorsOnly: document == nil)
    }

    /// Why, in Vietnamese and in English.
    private static func reason(_ failed: Vdxp_Exchange_V1_DeliveryFailed) -> (String, String) {
        switch failed.reason {
        case .notAcknowledgedInTime:
            ("đơn vị nhận không xác nhận đã nhận trước hạn", "the recipient did not acknowledge it by its deadline")
        case .recipientNotConnected:
            ("đơn vị nhận không còn kết nối với Trục", "the recipient is no longer connected to the platform")
        case .recipientClosed:
            failed.successorOrganisationID.isEmpty
                ? ("mã định danh của đơn vị nhận đã đóng", "the recipient's organisation id was closed")
                : (
                    "mã định danh của đơn vị nhận đã đóng, đơn vị kế thừa là \(failed.successorOrganisationID)",
                    "the recipient's organisation id was closed; its successor is \(failed.successorOrganisationID)"
                )
        default:
            (
                "đơn vị nhận đã lấy văn bản \(failed.attempts) lần mà không xác nhận",
                "the recipient fetched it \(failed.attempts) times without acknowledging it"
            )
        }
    }

    /// What the sender should do, in Vietnamese and in English.
    private static func whatToDo(_ failed: Vdxp_Exchange_V1_DeliveryFailed) -> (String, String) {
        switch failed.reason {
        case .recipientClosed where !failed.successorOrganisationID.isEmpty:
            (
                "Đề nghị gửi lại văn bản tới đơn vị kế thừa \(failed.successorOrganisationID).",
                "Send the document again to the successor, \(failed.successorOrganisationID)."
            )
        case .recipientClosed:
            (
                "Đề nghị liên hệ đơn vị vận hành để biết đơn vị tiếp nhận thay.",
                "Ask the operator which organisation receives in its place."
            )
        case .recipientNotConnected:
            (
                "Đề nghị liên hệ đơn vị nhận, rồi gửi lại (RetryDelivery) khi đơn vị này kết nối trở lại.",
                "Contact the recipient, and retry the delivery (RetryDelivery) once it is connected again."
            )
        default:
            (
                "Đề nghị liên hệ đơn vị nhận và gửi lại (RetryDelivery) hoặc gửi bằng cách khác.",
                "Contact the recipient and retry the delivery (RetryDelivery) or send it another way."
            )
        }
    }
}
