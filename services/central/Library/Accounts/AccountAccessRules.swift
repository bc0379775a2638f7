import VDXPRuntime

/// Who may call each `AccountService` RPC at the door. `Login` is open to every mutual-TLS caller; the others need
/// the operator or a signed-in person, and the handlers narrow them by organisation and role (`AccountActor`).
enum AccountAccessRules {
    static let byMethod: [String: AccessRule] = {
        let prefix = "vdxp.central.v1.AccountService/"
        let rules: [String: AccessRule] = [
            "CreateAccount": .operatorOrAccount,
            "GetAccount": .operatorOrAccount,
            "ListAccounts": .operatorOrAccount,
            "SetAccountRoles": .operatorOrAccount,
            "LockAccount": .operatorOrAccount,
            "UnlockAccount": .operatorOrAccount,
            "ChangePassword": .operatorOrAccount,
            "Login": .anyAuthenticated,
            "ListNotifications": .operatorOnly,
        ]
        return Dictionary(uniqueKeysWithValues: rules.map { (prefix + $0.key, $0.value) })
    }()
}
