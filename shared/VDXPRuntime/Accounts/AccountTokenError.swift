public import GRPCCore

/// Why an account token was refused. Every case is answered as UNAUTHENTICATED: the client should sign in again.
public struct AccountTokenError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the token.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case malformed, badSignature, expired, notYetValid, noVerificationKey }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not of the form `base64url(claims).base64url(signature)`, claims that do not parse, or a wrong issuer.
        public static let malformed = Code(.malformed)
        /// The signature does not verify with the configuration anchor's public key: altered or forged.
        public static let badSignature = Code(.badSignature)
        /// Past its expiry time.
        public static let expired = Code(.expired)
        /// Issued in the future (beyond the tolerated clock skew).
        public static let notYetValid = Code(.notYetValid)
        /// This server holds no key to check tokens with yet (no global configuration received).
        public static let noVerificationKey = Code(.noVerificationKey)

        public var description: String { value.rawValue }
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

extension AccountTokenError: RPCErrorConvertible {
    /// UNAVAILABLE when the server cannot check tokens yet, UNAUTHENTICATED otherwise.
    public var rpcErrorCode: RPCError.Code { code == .noVerificationKey ? .unavailable : .unauthenticated }
    public var rpcErrorMessage: String { message }
}
