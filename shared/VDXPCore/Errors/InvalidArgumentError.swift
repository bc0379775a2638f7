/// A request that breaks one or more field rules: the caller must change the request (gRPC `INVALID_ARGUMENT`).
///
/// It carries every violation, each naming its field by proto path, so that a client can fix them in one go; services
/// send them as `google.rpc.BadRequest` details beside the one-line ``message``.
///
/// ```swift
/// throw InvalidArgumentError(field: "lease_duration", rule: "must be 1 s to 3600 s; got 3600.000000001 s")
/// ```
public struct InvalidArgumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// At most this many violations are spelled out in ``message``; ``violations`` always has them all.
    public static let maximumViolationsInMessage = 10

    /// Every rule the request breaks. Never empty.
    public var violations: [FieldViolation]

    /// An error with several violations.
    public init(violations: [FieldViolation]) {
        precondition(!violations.isEmpty, "an InvalidArgumentError names at least one violation")
        self.violations = violations
    }

    /// An error with one violation.
    public init(field: String, rule: String) {
        self.init(violations: [FieldViolation(field: field, rule: rule)])
    }

    /// `field: rule` for one violation; `3 problems: a: …; b: …; c: …` for several.
    public var message: String {
        if violations.count == 1 { return violations[0].description }
        let listed = violations.prefix(Self.maximumViolationsInMessage).map(\.description)
        var text = "\(violations.count) problems: " + listed.joined(separator: "; ")
        if violations.count > listed.count { text += "; and \(violations.count - listed.count) more" }
        return text
    }

    public var description: String { message }
}
