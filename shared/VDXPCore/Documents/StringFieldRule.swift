/// One row of a table of string-field rules: the proto field name, how to read it, whether it is required and its
/// longest length in characters (`String.count`, i.e. user-perceived characters, so "Hà Nội" is 6 whether its
/// letters are precomposed or not).
struct StringFieldRule<Message>: Sendable {
    /// The proto field name, e.g. `organisation_in_charge`.
    let name: String

    /// Reads the field.
    let value: @Sendable (Message) -> String

    /// Whether an empty (or all-white-space) value breaks the rule.
    let isRequired: Bool

    /// The most characters allowed.
    let maximumLength: Int

    init(
        _ name: String,
        required isRequired: Bool,
        maximumLength: Int,
        _ value: @escaping @Sendable (Message) -> String
    ) {
        self.name = name
        self.value = value
        self.isRequired = isRequired
        self.maximumLength = maximumLength
    }

    /// The rule `text` breaks, or `nil`.
    ///
    /// - Parameters:
    ///   - text: The field's value.
    ///   - isRequired: Whether an empty or all-white-space value breaks the rule.
    ///   - maximumLength: The most characters allowed.
    ///   - condition: When the field is required, for a field that is not always, e.g. "when business_type is 1
    ///     REVOKE"; `nil` for one that always is.
    static func problem(
        with text: String,
        isRequired: Bool,
        maximumLength: Int,
        when condition: String? = nil
    ) -> String? {
        if isRequired, text.isBlank {
            let required = condition.map { "is required \($0)" } ?? "is required"
            return text.isEmpty
                ? "\(required) (1 to \(maximumLength) characters)"
                : "\(required) (1 to \(maximumLength) characters) and must not be only white space"
        }
        // Every character takes at least one UTF-8 byte: count characters only when the bytes could exceed.
        if text.utf8.count > maximumLength {
            let length = text.count
            if length > maximumLength {
                return "has \(length) characters; at most \(maximumLength) are allowed"
            }
            // A character may carry any number of combining marks: bound the bytes too, so that a field within its
            // characters still fits the indexes and keys it reaches (a btree key holds at most ~2,700 bytes).
            let bytes = text.utf8.count
            if bytes > maximumLength * maximumBytesPerCharacter {
                return "has \(bytes) bytes in UTF-8; at most \(maximumLength * maximumBytesPerCharacter) are allowed "
                    + "(\(maximumBytesPerCharacter) a character: remove the extra combining marks)"
            }
        }
        return nil
    }

    /// The most UTF-8 bytes a character of a header field may take on average: a Vietnamese letter with two
    /// diacritics, decomposed, takes 5.
    static var maximumBytesPerCharacter: Int { 8 }
}
