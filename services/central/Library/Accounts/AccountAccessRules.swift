import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each `AccountService` RPC at the door, keyed by the generated method descriptors. `Login` is open to
/// every mutual-TLS caller; the others need the operator or a signed-in person, and the handlers narrow them by
/// organisation and role (`AccountActor`).
enum AccountAccessRules {
    private typealias Method = Vdxp_Central_V1_AccountService.Method

    /// One rule per method of `vdxp.central.v1.AccountService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.CreateAccount.descriptor: .operatorOrAccount,
        Method.GetAccount.descriptor: .operatorOrAccount,
        Method.ListAccounts.descriptor: .operatorOrAccount,
        Method.SetAccountRoles.descriptor: .operatorOrAccount,
        Method.LockAccount.descriptor: .operatorOrAccount,
        Method.UnlockAccount.descriptor: .operatorOrAccount,
        Method.ChangePassword.descriptor: .operatorOrAccount,
        Method.Login.descriptor: .anyAuthenticated,
        Method.ListNotifications.descriptor: .operatorOnly,
        // Monitoring delivers Central's outbox (Art. 16.4 notices, certificate expiry).
        Method.ListUndeliveredNotifications.descriptor: .services(["monitoring"]),
        Method.MarkNotificationsDelivered.descriptor: .services(["monitoring"]),
    ]
}
