import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime

extension AlertTexts {
    /// A registry service whose provider lost its connection (unavailable) or got it back (available again), for
    /// `member`, one of the members that may use it (Art. 19.1: the operating state of the services in the registry).
    /// Keyed by service, state, member and the moment of the provider's change, so that each change is raised once.
    static func serviceAvailability(
        _ service: RegistryService, available: Bool, providerName: String, to member: String, since changeTime: Date
    ) -> NewAlert {
        let provider = name(service.providerOrganisationID, providerName)
        let what = "«\(service.displayName)» (\(service.code), dịch vụ số \(service.serviceID))"
        let whatEnglish = "«\(service.displayName)» (\(service.code), service \(service.serviceID))"
        let at = vietnamTime(changeTime)
        let summary =
            available
            ? "VDXP: Dịch vụ \(what) của \(provider) hoạt động trở lại. "
                + "/ Service \(whatEnglish) of \(service.providerOrganisationID) is available again."
            : "VDXP: Dịch vụ \(what) của \(provider) tạm thời không sử dụng được: hệ thống cung cấp mất kết nối. "
                + "/ Service \(whatEnglish) of \(service.providerOrganisationID) is unavailable: its provider's "
                + "connection was lost."
        let detail =
            available
            ? """
            Hệ thống của \(provider), đơn vị cung cấp dịch vụ \(what), đã kết nối lại với Trục lúc \(at): dịch vụ \
            hoạt động trở lại (Điều 19.1).

            The system of \(provider), which provides \(whatEnglish), connected to the platform again at \(at): the \
            service is available again (Art. 19.1).
            """
            : """
            Hệ thống của \(provider), đơn vị cung cấp dịch vụ \(what), mất kết nối với Trục từ \(at) (Điều 9.2, \
            19.1): các lời gọi dịch vụ sẽ không được trả lời cho đến khi có thông báo hoạt động trở lại.

            The system of \(provider), which provides \(whatEnglish), lost its connection to the platform at \(at) \
            (Art. 9.2, 19.1): calls to the service go unanswered until it is announced available again.
            """
        let state = available ? "AVAILABLE" : "UNAVAILABLE"
        return NewAlert(
            kind: .serviceStateChanged, severity: available ? .info : .warning, organisationID: member,
            serviceID: service.serviceID,
            sourceKey: "service:\(service.serviceID):\(state):\(member):\(Int64(changeTime.timeIntervalSince1970))",
            summary: summary, detail: detail, notifyDue: nil)
    }
}
