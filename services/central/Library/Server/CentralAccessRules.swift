import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each Central RPC, keyed by the generated method descriptors. Members may read only their own record
/// and change only their own connection (checked in the handlers). The public directory needs no rule: it is served
/// on the public listener only. A method missing here is refused to everyone.
enum CentralAccessRules {
    private typealias Method = Vdxp_Central_V1_CentralService.Method

    /// The operator, a member (its own record only), or Monitoring, which reads a member's contact to send its
    /// alerts by e-mail and SMS (Art. 9.2, 19.2).
    static let operatorMemberOrMonitoring = AccessRule(
        who: "the operator, a member system or the Monitoring service"
    ) {
        switch $0 {
        case .operator, .member: true
        case .service(let name): name == "monitoring"
        case .auditor: false
        }
    }

    /// The operator, or Monitoring, which reads every member's contact for an alert to every member (Art. 18.2.b).
    static let operatorOrMonitoring = AccessRule(who: "the operator or the Monitoring service") {
        switch $0 {
        case .operator: true
        case .service(let name): name == "monitoring"
        case .member, .auditor: false
        }
    }

    /// One rule per method of `vdxp.central.v1.CentralService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.CreateMember.descriptor: .operatorOnly,
        Method.GetMember.descriptor: operatorMemberOrMonitoring,
        Method.ListMembers.descriptor: operatorOrMonitoring,
        Method.StartTrial.descriptor: .operatorOnly,
        Method.MakeOfficial.descriptor: .operatorOnly,
        Method.CutOffMember.descriptor: .operatorOnly,
        Method.ReconnectMember.descriptor: .operatorOnly,
        Method.SuspendMember.descriptor: .operatorOrMember,
        Method.ResumeMember.descriptor: .operatorOrMember,
        Method.CloseOrganisationId.descriptor: .operatorOnly,
        Method.ScheduleEndpointChange.descriptor: .operatorOrMember,
        Method.UpdateMemberContact.descriptor: .operatorOrMember,
        Method.RegisterRepresentedUnit.descriptor: .operatorOnly,
        Method.RemoveRepresentedUnit.descriptor: .operatorOnly,
        Method.ListRepresentedUnits.descriptor: .operatorOrMember,
        Method.AddMemberCertificate.descriptor: .operatorOnly,
        Method.RemoveMemberCertificate.descriptor: .operatorOnly,
        Method.AddTrustedAuthority.descriptor: .operatorOnly,
        Method.ListTrustedAuthorities.descriptor: .anyAuthenticated,
        Method.RetireTrustedAuthority.descriptor: .operatorOnly,
        Method.UploadRevocationList.descriptor: .operatorOnly,
        Method.SetRevocationListUrl.descriptor: .operatorOnly,
        Method.GetGlobalConfiguration.descriptor: .anyAuthenticated,
        Method.WatchGlobalConfiguration.descriptor: .anyAuthenticated,
        Method.ListAuditEvents.descriptor: .operatorOnly,
    ]
}
