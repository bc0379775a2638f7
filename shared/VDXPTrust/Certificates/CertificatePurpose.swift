/// What a certificate is being validated for; decides which key usages its leaf must allow.
///
/// The rules apply to the leaf only, and only when the leaf carries the extension in question: a certificate without
/// an extended key usage extension may be used for any purpose, as RFC 5280 §4.2.1.12 says.
public enum CertificatePurpose: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// A TLS client (a member or a service calling a VDXP service): if the leaf has an extended key usage extension,
    /// it must include `clientAuth` (1.3.6.1.5.5.7.3.2) or `anyExtendedKeyUsage`.
    case clientAuthentication = "client-authentication"

    /// A TLS server (a VDXP service): if the leaf has an extended key usage extension, it must include `serverAuth`
    /// (1.3.6.1.5.5.7.3.1) or `anyExtendedKeyUsage`.
    case serverAuthentication = "server-authentication"

    /// Signing documents or the global configuration: if the leaf has a key usage extension, it must assert
    /// `digitalSignature` or `nonRepudiation` (also called `contentCommitment`).
    case documentSigning = "document-signing"

    /// No usage requirement: only the chain, its validity period and the RFC 5280 rules are checked.
    case any = "any"

    /// The raw value, e.g. `client-authentication`.
    public var description: String { self.rawValue }
}
