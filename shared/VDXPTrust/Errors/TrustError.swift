/// An error raised by VDXPTrust: a signature that does not verify, a certificate chain that is not trusted,
/// a key or file that cannot be read.
///
/// Like gRPC's `RPCError`, a `TrustError` has a ``Code`` that callers switch on (and map to a gRPC status), a
/// ``message`` written for the person who has to fix the problem, and an optional ``cause`` with the lower-level
/// error that led to it.
///
/// ```swift
/// do {
///     try verifySignature(signature, over: header, algorithm: .ecdsaP256SHA256, publicKey: leaf.publicKey)
/// } catch {
///     switch error.code {
///     case .invalidSignature: // reject the document
///     default: // …
///     }
/// }
/// ```
public struct TrustError: Error, CustomStringConvertible {
    /// What kind of failure this is; stable across releases, so callers can map it to a status code.
    public var code: Code

    /// What went wrong and what to do about it, in words an operator or integrator can act on.
    public var message: String

    /// The lower-level error (from swift-crypto, swift-certificates, SwiftASN1 or the file system) that caused this one.
    public var cause: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What went wrong and what to do about it.
    ///   - cause: The lower-level error that caused this one, if any.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The code, the message and, when there is one, the cause.
    public var description: String {
        if let cause {
            return "\(self.code): \(self.message) (cause: \(cause))"
        }
        return "\(self.code): \(self.message)"
    }
}

extension TrustError {
    /// The kind of a ``TrustError``.
    public enum Code: String, Hashable, Sendable, CustomStringConvertible {
        /// The signature does not verify over the given bytes with the given public key.
        case invalidSignature

        /// The certificate chain does not lead to a trusted CA, or a certificate in it breaks an RFC 5280 rule
        /// (a non-CA issuer, a name constraint, an unhandled critical extension).
        case untrustedChain

        /// A certificate of the chain had expired at the validation time.
        case expired

        /// A certificate of the chain was not yet valid at the validation time.
        case notYetValid

        /// The leaf certificate's key usage or extended key usage does not allow the requested purpose
        /// (for example a certificate without `clientAuth` presented for a TLS client connection).
        case usageNotAllowed

        /// The algorithm or key type is not one VDXP accepts (only RSA, ECDSA P-256 and P-384 are).
        case unsupportedAlgorithm

        /// The key does not fit the algorithm (an ECDSA algorithm with an RSA key, P-384 with a P-256 key),
        /// or a private key does not belong to the certificate it is paired with.
        case keyMismatch

        /// An RSA key is shorter than 2048 bits.
        case weakKey

        /// Bytes that should be PEM, DER, a key or a certificate cannot be parsed.
        case malformed

        /// An argument is out of range (an empty chain, a name that cannot be a file name).
        case invalidArgument

        /// A file cannot be read, written or created.
        case fileAccess

        /// A certificate of the chain is listed in its issuer's certificate revocation list.
        case revoked

        /// The code's name, e.g. `invalidSignature`.
        public var description: String { rawValue }
    }
}
