import Foundation
import VDXPProto

/// The words of component alerts: Vietnamese first, then English. Platform-wide: every member sees them; each is
/// keyed by its incident, so that an incident raises one of each.
enum ComponentTexts {
    /// Component `component` stopped serving at `time` (incident `incident`); its members' contacts are due to be told
    /// at `notifyDue` (``OutageNotice``), or never.
    static func down(
        _ component: String, incident: Int64, description: String, at time: Date, notifyDue: Date?
    ) -> NewAlert {
        let at = AlertTexts.vietnamTime(time)
        return NewAlert(
            kind: .componentDown, severity: .critical, component: component, sourceKey: downKey(of: incident),
            summary: "VDXP: Thành phần \(component) của Trục ngừng phục vụ từ \(at). / The platform's \(component) "
                + "stopped serving at \(at).",
            detail: """
                Thành phần \(component) của Trục liên thông văn bản quốc gia ngừng phục vụ từ \(at): \(description). \
                Đơn vị vận hành đang xử lý; việc gửi nhận văn bản có thể bị gián đoạn. Hệ thống của đơn vị không cần \
                thay đổi gì: văn bản chưa gửi được, hãy gửi lại với cùng mã văn bản khi Trục hoạt động lại.

                The platform's \(component) stopped serving at \(at): \(description). The operator is handling it; \
                document exchange may be interrupted. Nothing needs changing on your side: send again what could not \
                be sent, with the same document id, once the platform serves again.
                """,
            notifyDue: notifyDue)
    }

    /// Component `component` serves again since `time` (incident `incident` closed); the members' contacts are due to
    /// be told at `notifyDue` (when they were told of the outage), or never.
    static func recovered(_ component: String, incident: Int64, at time: Date, notifyDue: Date?) -> NewAlert {
        let at = AlertTexts.vietnamTime(time)
        return NewAlert(
            kind: .componentRecovered, severity: .info, component: component,
            sourceKey: "component-recovered/\(incident)",
            summary: "VDXP: Thành phần \(component) của Trục đã hoạt động lại lúc \(at). / The platform's "
                + "\(component) serves again since \(at).",
            detail: """
                Thành phần \(component) của Trục liên thông văn bản quốc gia đã hoạt động lại lúc \(at).

                The platform's \(component) serves again since \(at).
                """,
            notifyDue: notifyDue)
    }

    /// The source key of the COMPONENT_DOWN alert of incident `incident`.
    static func downKey(of incident: Int64) -> String { "component-down/\(incident)" }
}
