import VDXPTrust
import X509

/// A throwaway platform CA for the identity resolver of in-process servers: no in-process call presents a
/// certificate, so it never validates one, but the resolver needs an authority to exist.
enum TestAuthority {
    /// A self-signed CA certificate with a fresh P-256 key.
    static func certificate() throws -> Certificate {
        let key = try SigningKey(generating: .p256)
        return try CertificateIssuer.selfSignedAuthority(
            subject: try DistinguishedName { CommonName("VDXP Exchange unit-test CA") }, key: key
        ).certificate
    }
}
