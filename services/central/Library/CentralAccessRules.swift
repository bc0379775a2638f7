import VDXPStore
import SwiftProtobuf
import VDXPRuntime

/// Who may call each Central RPC. Members may read only their own record (checked in the handler).
enum CentralAccessRules {
    static let byMethod: [String: AccessRule] = {
        let prefix = "vdxp.central.v1.CentralService/"
        let rules: [String: AccessRule] = [
            "CreateMember": .operatorOnly,
            "GetMember": .operatorOrMember,
            "ListMembers": .operatorOnly,
            "DisableMember": .operatorOnly,
            "EnableMember": .operatorOnly,
            "AddMemberCertificate": .operatorOnly,
            "RemoveMemberCertificate": .operatorOnly,
            "AddTrustedAuthority": .operatorOnly,
            "ListTrustedAuthorities": .anyAuthenticated,
            "RemoveTrustedAuthority": .operatorOnly,
            "GetGlobalConfiguration": .anyAuthenticated,
            "WatchGlobalConfiguration": .anyAuthenticated,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (prefix + $0.key, $0.value) })
    }()
}
