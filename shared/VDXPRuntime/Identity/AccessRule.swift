/// Who may call an RPC. Each service declares one rule per method; a method without a rule is refused, so that a
/// new RPC cannot be exposed by accident.
public struct AccessRule: Sendable {
    /// A short description for error messages, e.g. "the operator".
    public let who: String
    private let allows: @Sendable (CallerIdentity) -> Bool

    /// A rule from a predicate.
    public init(who: String, allows: @escaping @Sendable (CallerIdentity) -> Bool) {
        self.who = who
        self.allows = allows
    }

    /// Whether `caller` may call.
    public func permits(_ caller: CallerIdentity) -> Bool { allows(caller) }

    /// Operators only.
    public static let operatorOnly = AccessRule(who: "the operator (an operator:<name> platform certificate)") {
        if case .operator = $0 { return true }
        return false
    }

    /// Members only (agencies' systems).
    public static let memberOnly = AccessRule(who: "a member system (a registered connection certificate)") {
        if case .member = $0 { return true }
        return false
    }

    /// The operator or a member; the handler narrows it further (a member reads only itself).
    public static let operatorOrMember = AccessRule(who: "the operator or a member system") {
        switch $0 {
        case .operator, .member: true
        case .service, .auditor: false
        }
    }

    /// The given platform services only.
    public static func services(_ names: Set<String>) -> AccessRule {
        AccessRule(who: "the platform services \(names.sorted().joined(separator: ", "))") {
            if case .service(let name) = $0 { return names.contains(name) }
            return false
        }
    }

    /// The operator and the given platform services (e.g. the journal: projections follow it, the operator audits it).
    public static func operatorOrServices(_ names: Set<String>) -> AccessRule {
        AccessRule(who: "the operator or the platform services \(names.sorted().joined(separator: ", "))") {
            switch $0 {
            case .operator: true
            case .service(let name): names.contains(name)
            case .member, .auditor: false
            }
        }
    }

    /// The operator or a platform auditor: reads of the whole platform (an auditor never reaches a method that changes
    /// anything).
    public static let operatorOrAuditor = AccessRule(
        who: "the operator or a platform auditor (an operator:<name> or auditor:<name> platform certificate)"
    ) {
        switch $0 {
        case .operator, .auditor: true
        case .service, .member: false
        }
    }

    /// Anyone who authenticated (members, services, operators, auditors): for reads of what every caller may see.
    public static let anyAuthenticated = AccessRule(who: "any authenticated caller") { _ in true }
}
