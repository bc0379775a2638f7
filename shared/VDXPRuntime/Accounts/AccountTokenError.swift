/// Why an account token was refused. Every case is answered as UNAUTHENTICATED: the client should sign in again.
public struct AccountTokenError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the token.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// Not of the form `base64url(claims).base64url(signature)`, claims that do not parse, or a wrong issuer.
        case malformed

        /// The signature does not verify with the configuration anchor's public key: altered or forged.
        case badSignature

        /// Past its expiry time.
        case expired

        /// Issued in the future (beyond the tolerated clock skew).
        case notYetValid

        /// This server holds no key to check tokens with yet (no global configuration received).
        case noVerificationKey

        /// The code's name, e.g. `malformed`.
        public var description: String { rawValue }
    }

    /// What is wrong.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
