/// One broken rule of a request, naming the field by its proto path — the shape of `google.rpc.BadRequest.
/// FieldViolation` (field, description), so that a service can attach the list to its gRPC error as it is.
///
/// ```swift
/// FieldViolation(field: "recipients[2].organisation_id", rule: "must not be the sender's own id 000.00.00.G22")
/// ```
public struct FieldViolation: Hashable, Sendable, CustomStringConvertible {
    /// The field's path in proto names, relative to the validated message, with indices for repeated fields:
    /// `subject`, `code.number`, `recipients[2].organisation_id`, `attachments[0].sha256`.
    public var field: String

    /// The rule it breaks, as a sentence fragment that follows the field name, e.g. "is required (1 to 500
    /// characters)" or "has 612 characters; at most 500 are allowed".
    public var rule: String

    /// Creates a violation.
    ///
    /// - Parameters:
    ///   - field: The field's proto path.
    ///   - rule: The rule it breaks.
    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    /// `field: rule`, e.g. `subject: is required (1 to 500 characters)`.
    public var description: String {
        "\(self.field): \(self.rule)"
    }
}
