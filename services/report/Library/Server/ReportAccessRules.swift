import GRPCCore
import SwiftProtobuf
import VDXPProto
import VDXPRuntime

/// Who may call each Report RPC, keyed by the generated method descriptors. Handlers narrow a member to its own
/// figures (``ReportScope``). A method missing here is refused to everyone.
enum ReportAccessRules {
    private typealias Method = Vdxp_Report_V1_ReportService.Method

    /// The operator, a platform auditor, the platform's services, or a member (narrowed to itself by the handler).
    static let anyone = AccessRule(
        who: "the operator, a platform auditor, a platform service or a member system"
    ) { _ in true }

    /// The operator or a platform service.
    static let operatorOrServices = AccessRule(who: "the operator or a platform service") {
        switch $0 {
        case .operator, .service: true
        case .member, .auditor: false
        }
    }

    /// One rule per method of `vdxp.report.v1.ReportService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.GetSummary.descriptor: anyone,
        Method.GetTimeSeries.descriptor: anyone,
        Method.GetBreakdown.descriptor: anyone,
        Method.ListRejectionReasons.descriptor: anyone,
        Method.ExportCsv.descriptor: anyone,
        Method.RenderQuarterlyReport.descriptor: anyone,
        Method.GetReportStatus.descriptor: operatorOrServices,
        Method.RebuildProjection.descriptor: .operatorOnly,
    ]
}
