/// A document header that breaks one or more rules of `vdxp.exchange.v1.DocumentHeader` (QĐ 28 Art. 10.2,
/// Art. 1.2, Art. 12, Art. 14.1): the platform refuses the whole document.
///
/// It carries **every** violation, not just the first, so that an integrator can fix them in one go; the
/// ``message`` joins them: `"2 problems: recipients[1].organisation_id: …; subject: …"`. A service maps it to
/// `INVALID_ARGUMENT` and may attach ``violations`` as `google.rpc.BadRequest` details.
public struct HeaderValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// At most this many violations are spelled out in ``message``; ``violations`` always has them all.
    public static let maximumViolationsInMessage = 20

    /// Why the header is refused.
    public var code: Code

    /// Every rule the header breaks, in field order. Never empty.
    public var violations: [FieldViolation]

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the header is refused.
    ///   - violations: Every rule the header breaks.
    public init(code: Code = .invalidHeader, violations: [FieldViolation]) {
        self.code = code
        self.violations = violations
    }

    /// The violations in one line: `"1 problem: subject: …"`, `"3 problems: a: …; b: …; c: …"`. Past
    /// ``maximumViolationsInMessage`` the rest are counted, not listed.
    public var message: String {
        let count = self.violations.count
        let listed = self.violations.prefix(Self.maximumViolationsInMessage).map(\.description)
        var text = "\(count) \(count == 1 ? "problem" : "problems"): " + listed.joined(separator: "; ")
        if count > listed.count {
            text += "; and \(count - listed.count) more"
        }
        return text
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension HeaderValidationError {
    /// The kind of a ``HeaderValidationError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// One or more fields break the rules written on `DocumentHeader`. Maps to `INVALID_ARGUMENT`.
        case invalidHeader

        /// The code's name, e.g. `invalidHeader`.
        public var description: String { rawValue }
    }
}
