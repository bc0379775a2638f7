import VDXPRuntime

/// Who may call each `ServiceRegistryService` RPC (Art. 10). Handlers narrow the member rules further: a member files
/// for, and reads the requests of, its own organisation only.
enum ServiceRegistryAccessRules {
    /// The fully-qualified gRPC service name.
    static let grpcServiceName = "vdxp.central.v1.ServiceRegistryService"

    /// One rule per method, keyed by full method name.
    static let byMethod: [String: AccessRule] = {
        let rules: [String: AccessRule] = [
            // Members file for themselves; the operator may file on a member's behalf.
            "RequestServiceChange": .operatorOrMember,
            "GetServiceChangeRequest": .operatorOrMember,
            "ListServiceChangeRequests": .operatorOrMember,
            // Only the operating unit approves or rejects (Art. 10.2).
            "DecideServiceChangeRequest": .operatorOnly,
            // The catalogue is open to everyone who authenticated, platform services included.
            "ListServices": .anyAuthenticated,
            "GetService": .anyAuthenticated,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (grpcServiceName + "/" + $0.key, $0.value) })
    }()
}
