/// Collects violations for ``DocumentHeaderValidator``, in the order the rules are checked.
struct HeaderChecker {
    private(set) var violations: [FieldViolation] = []

    /// Records that `field` breaks `rule`.
    mutating func add(_ field: String, _ rule: String) {
        self.violations.append(FieldViolation(field: field, rule: rule))
    }

    /// Whether no violation names `field` so far.
    func isValid(_ field: String) -> Bool {
        !self.violations.contains { $0.field == field }
    }

    /// Applies a table of string rules to `message`, whose fields live under `prefix`. `condition`, when given,
    /// says when the required fields are required, e.g. "when business_type is 1 REVOKE".
    mutating func strings<Message>(
        _ rules: [StringFieldRule<Message>],
        of message: Message,
        at prefix: String = "",
        when condition: String? = nil
    ) {
        for rule in rules {
            if let problem = StringFieldRule<Message>.problem(
                with: rule.value(message),
                isRequired: rule.isRequired,
                maximumLength: rule.maximumLength,
                when: condition
            ) {
                self.add(prefix.isEmpty ? rule.name : "\(prefix).\(rule.name)", problem)
            }
        }
    }

    /// Checks a repeated string field: its number of entries and each entry's length; entries may not be empty.
    mutating func list(
        _ values: [String],
        named name: String,
        limits: (maximumCount: Int, maximumLength: Int),
        entry: String
    ) {
        if values.count > limits.maximumCount {
            self.add(name, "has \(values.count) entries; at most \(limits.maximumCount) are allowed")
        }
        for (index, value) in values.enumerated() {
            if value.isBlank {
                self.add("\(name)[\(index)]", "must not be empty: remove the entry or give the \(entry)")
            } else if let problem = StringFieldRule<String>.problem(
                with: value,
                isRequired: false,
                maximumLength: limits.maximumLength
            ) {
                self.add("\(name)[\(index)]", problem)
            }
        }
    }
}
