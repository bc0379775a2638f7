import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each Search RPC, keyed by the generated method descriptors. Handlers narrow a member to the
/// documents it sent or received. A method missing here is refused to everyone.
enum SearchAccessRules {
    private typealias Method = Vdxp_Search_V1_SearchService.Method

    /// A member system (narrowed to its own documents), the operator, a platform auditor or a platform service.
    static let anyCaller = AccessRule(
        who: "a member system, the operator, a platform auditor or a platform service"
    ) { _ in true }

    /// The operator or a platform service.
    static let operatorOrService = AccessRule(who: "the operator or a platform service") {
        switch $0 {
        case .operator, .service: true
        case .member, .auditor: false
        }
    }

    /// One rule per method of `vdxp.search.v1.SearchService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.SearchDocuments.descriptor: anyCaller,
        Method.LookupDocument.descriptor: anyCaller,
        Method.TraceDocument.descriptor: anyCaller,
        Method.ListQueryLog.descriptor: .operatorOnly,
        Method.GetIndexStatus.descriptor: operatorOrService,
    ]
}
