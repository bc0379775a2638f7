/// An identifier that does not have the form the regulation prescribes: an organisation id (Art. 3.5, QĐ 20/2020)
/// or a document id (Art. 12).
///
/// Like gRPC's `RPCError`, an `IdentifierError` has a ``Code`` that callers switch on and a ``message`` written for
/// the integrator who sent the value: it quotes the value, says which part is wrong and shows the expected form.
/// Both codes map to gRPC `INVALID_ARGUMENT`.
///
/// ```swift
/// do {
///     let id = try OrganisationID(validating: "000.00.00.g22")
/// } catch {
///     print(error.message)
///     // "000.00.00.g22" is not a valid organisation id: it contains the lower-case letter "g"; …
/// }
/// ```
public struct IdentifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which kind of identifier was refused.
    public var code: Code

    /// What is wrong and what the identifier should look like, in words an integrator can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Which kind of identifier was refused.
    ///   - message: What is wrong and the expected form.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension IdentifierError {
    /// The kind of an ``IdentifierError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// The value is not an organisation id of any of the three forms of Art. 3.5 (state agency, enterprise,
        /// individual). Maps to `INVALID_ARGUMENT`.
        case invalidOrganisationID

        /// The value is not a document id of the Art. 12 form `{organisation id},{year},{number}/{notation}`.
        /// Maps to `INVALID_ARGUMENT`.
        case invalidDocumentID

        /// The code's name, e.g. `invalidOrganisationID`.
        public var description: String { rawValue }
    }
}
