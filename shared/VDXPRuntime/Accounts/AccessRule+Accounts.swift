extension AccessRule {
    /// The operator (an `operator:` certificate), or anyone signed in with a valid account token (any certificate).
    /// The handler then narrows it by the account's organisation and roles.
    ///
    /// `IdentityInterceptor` verifies the token before it checks rules, so the rule sees it through
    /// `RequestContext.current`.
    public static let operatorOrAccount = AccessRule(
        who: "the operator, or a person signed in (authorization: Bearer <token from AccountService.Login>)"
    ) { caller in
        if RequestContext.current?.account != nil { return true }
        if case .operator = caller { return true }
        return false
    }
}
