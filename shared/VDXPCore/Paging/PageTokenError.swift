/// A `page_token` that cannot be used, or a cursor that cannot be turned into one (AIP-158 pagination).
///
/// Like gRPC's `RPCError`, it has a ``Code`` to switch on and a ``message`` naming the field and the rule.
public struct PageTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the token is refused.
    public var code: Code

    /// What is wrong and what to do instead, in words an integrator can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the token is refused.
    ///   - message: What is wrong and what to do instead.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String {
        "\(self.code): \(self.message)"
    }
}

extension PageTokenError {
    /// The kind of a ``PageTokenError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// The client sent a token this server did not issue for this list (altered, truncated, from another list
        /// RPC or another server version). Maps to `INVALID_ARGUMENT`.
        case invalidToken

        /// The server could not encode its own cursor — a programming error. Maps to `INTERNAL`.
        case unencodableCursor

        /// The code's name, e.g. `invalidToken`.
        public var description: String { rawValue }
    }
}
