import Foundation
import VDXPProto

/// The words of component alerts: Vietnamese first, then English. Platform-wide: every member sees them.
enum ComponentTexts {
    /// A component stopped serving.
    static func down(_ component: String, description: String, at time: Date) -> NewAlert {
        let at = AlertTexts.vietnamTime(time)
        return NewAlert(
            kind: .componentDown, severity: .critical, component: component,
            summary: "VDXP: Thành phần \(component) của Trục ngừng phục vụ từ \(at). / The platform's \(component) "
                + "stopped serving at \(at).",
            detail: """
                Thành phần \(component) của Trục liên thông văn bản quốc gia ngừng phục vụ từ \(at): \(description). \
                Đơn vị vận hành đang xử lý; việc gửi nhận văn bản có thể bị gián đoạn.

                The platform's \(component) stopped serving at \(at): \(description). The operator is handling it; \
                document exchange may be interrupted.
                """,
            notifyDue: nil)
    }

    /// A component serves again.
    static func recovered(_ component: String, at time: Date) -> NewAlert {
        let at = AlertTexts.vietnamTime(time)
        return NewAlert(
            kind: .componentRecovered, severity: .info, component: component,
            summary: "VDXP: Thành phần \(component) của Trục đã hoạt động lại lúc \(at). / The platform's "
                + "\(component) serves again since \(at).",
            detail: """
                Thành phần \(component) của Trục liên thông văn bản quốc gia đã hoạt động lại lúc \(at).

                The platform's \(component) serves again since \(at).
                """,
            notifyDue: nil)
    }
}
