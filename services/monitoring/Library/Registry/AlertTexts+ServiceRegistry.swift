import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension AlertTexts {
    /// A registry service was offered (ACTIVE) or withdrawn (CANCELLED), for `member` (Art. 19.1). Keyed by service,
    /// new state and member, so that it is raised once.
    static func serviceStateChanged(
        _ service: RegistryService, offered: Bool, providerName: String, to member: String,
        configurationVersion: Int64, at now: Date
    ) -> NewAlert {
        let provider = name(service.providerOrganisationID, providerName)
        let what = "«\(service.displayName)» (\(service.code), dịch vụ số \(service.serviceID))"
        let whatEnglish = "«\(service.displayName)» (\(service.code), service \(service.serviceID))"
        let at = vietnamTime(now)
        let state = offered ? "ACTIVE" : "CANCELLED"
        let summary =
            offered
            ? "VDXP: Dịch vụ \(what) của \(provider) đã hoạt động trên Trục. "
                + "/ Service \(whatEnglish) of \(service.providerOrganisationID) is now offered."
            : "VDXP: Dịch vụ \(what) của \(provider) đã ngừng cung cấp. "
                + "/ Service \(whatEnglish) of \(service.providerOrganisationID) was withdrawn."
        let detail =
            offered
            ? """
            Dịch vụ \(what) do \(provider) cung cấp đã được đơn vị vận hành phê duyệt và công bố trong cấu hình \
            chung (phiên bản \(configurationVersion)) lúc \(at) (Điều 10, 19.1). Xem tài liệu hướng dẫn khai thác \
            trong danh mục dịch vụ trước khi sử dụng.

            Service \(whatEnglish) provided by \(provider) was approved by the operator and published in the \
            global configuration (version \(configurationVersion)) at \(at) (Art. 10, 19.1). Read its \
            documentation in the service catalogue before you use it.
            """
            : """
            Dịch vụ \(what) do \(provider) cung cấp đã bị hủy bỏ và không còn trong cấu hình chung (phiên bản \
            \(configurationVersion)) từ \(at) (Điều 10, 19.1). Các hệ thống đang khai thác dịch vụ này cần ngừng \
            gọi dịch vụ và liên hệ đơn vị cung cấp nếu cần thay thế.

            Service \(whatEnglish) provided by \(provider) was cancelled and left the global configuration \
            (version \(configurationVersion)) at \(at) (Art. 10, 19.1). Systems that use it must stop calling it \
            and ask its provider about a replacement.
            """
        return NewAlert(
            kind: .serviceStateChanged, severity: offered ? .info : .warning, organisationID: member,
            serviceID: service.serviceID, sourceKey: "service:\(service.serviceID):\(state):\(member)",
            summary: summary, detail: detail, notifyDue: nil)
    }
}
