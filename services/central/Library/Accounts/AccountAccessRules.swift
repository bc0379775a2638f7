import GRPCCore
import VDXPProto
import VDXPRuntime

/// Who may call each `AccountService` RPC at the door, keyed by the generated method descriptors. `Login` is open to
/// every mutual-TLS caller; the others need the operator or a signed-in person, and the handlers narrow them by
/// organisation and role (`AccountActor`).
enum AccountAccessRules {
    private typealias Method = Vdxp_Central_V1_AccountService.Method

    /// The operator, a signed-in person, or the Ticket service (`service:ticket`), which finds and locks an account
    /// reported lost or stolen (Art. 16.5).
    static let operatorAccountOrTicket = AccessRule(
        who: AccessRule.operatorOrAccount.who + ", or the Ticket service (service:ticket)"
    ) { caller in
        if case .service("ticket") = caller { return true }
        return AccessRule.operatorOrAccount.permits(caller)
    }

    /// One rule per method of `vdxp.central.v1.AccountService`.
    static let byMethod: [MethodDescriptor: AccessRule] = [
        Method.CreateAccount.descriptor: .operatorOrAccount,
        Method.GetAccount.descriptor: operatorAccountOrTicket,
        Method.ListAccounts.descriptor: .operatorOrAccount,
        Method.SetAccountRoles.descriptor: .operatorOrAccount,
        Method.LockAccount.descriptor: operatorAccountOrTicket,
        Method.UnlockAccount.descriptor: .operatorOrAccount,
        Method.ChangePassword.descriptor: .operatorOrAccount,
        Method.Login.descriptor: .anyAuthenticated,
        Method.ListNotifications.descriptor: .operatorOnly,
        // Monitoring delivers Central's outbox (Art. 16.4 notices, certificate expiry).
        Method.ListUndeliveredNotifications.descriptor: .services(["monitoring"]),
        Method.MarkNotificationsDelivered.descriptor: .services(["monitoring"]),
    ]
}
