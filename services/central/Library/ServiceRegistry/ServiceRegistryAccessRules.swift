import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each `ServiceRegistryService` RPC (Art. 10), keyed by the generated method descriptors. Handlers
/// narrow the member rules further: a member files for, and reads the requests of, its own organisation only.
enum ServiceRegistryAccessRules {
    private typealias Method = Vdxp_Central_V1_ServiceRegistryService.Method

    /// One rule per method of `vdxp.central.v1.ServiceRegistryService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        // Members file for themselves; the operator may file on a member's behalf.
        Method.RequestServiceChange.descriptor: .operatorOrMember,
        Method.GetServiceChangeRequest.descriptor: .operatorOrMember,
        Method.ListServiceChangeRequests.descriptor: .operatorOrMember,
        // Only the operating unit approves or rejects (Art. 10.2).
        Method.DecideServiceChangeRequest.descriptor: .operatorOnly,
        // The catalogue is open to everyone who authenticated, platform services included.
        Method.ListServices.descriptor: .anyAuthenticated,
        Method.GetService.descriptor: .anyAuthenticated,
    ]
}
