import SwiftProtobuf
import VDXPRuntime
import VDXPStore

/// Who may call each Central RPC. Members may read only their own record and change only their own connection
/// (checked in the handlers). The public directory needs no rule: it is served on the public listener only.
enum CentralAccessRules {
    static let byMethod: [String: AccessRule] = {
        let prefix = "vdxp.central.v1.CentralService/"
        let rules: [String: AccessRule] = [
            "CreateMember": .operatorOnly,
            "GetMember": .operatorOrMember,
            "ListMembers": .operatorOnly,
            "StartTrial": .operatorOnly,
            "MakeOfficial": .operatorOnly,
            "CutOffMember": .operatorOnly,
            "ReconnectMember": .operatorOnly,
            "SuspendMember": .operatorOrMember,
            "ResumeMember": .operatorOrMember,
            "CloseOrganisationId": .operatorOnly,
            "ScheduleEndpointChange": .operatorOrMember,
            "AddMemberCertificate": .operatorOnly,
            "RemoveMemberCertificate": .operatorOnly,
            "AddTrustedAuthority": .operatorOnly,
            "ListTrustedAuthorities": .anyAuthenticated,
            "RetireTrustedAuthority": .operatorOnly,
            "GetGlobalConfiguration": .anyAuthenticated,
            "WatchGlobalConfiguration": .anyAuthenticated,
            "ListAuditEvents": .operatorOnly,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (prefix + $0.key, $0.value) })
    }()
}
