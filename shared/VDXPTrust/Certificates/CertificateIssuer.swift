public import Foundation
public import X509

/// A certificate authority that issues certificates: its certificate and its private key.
///
/// ``DevelopmentPKI`` builds the development PKI with it, and tests use it to make the certificates they need:
/// expired or not-yet-valid leaves, leaves from an untrusted CA, leaves without `clientAuth`, intermediate CAs.
///
/// ```swift
/// let root = try CertificateIssuer.selfSignedAuthority(
///     subject: try DistinguishedName { CommonName("Test Root") },
///     key: SigningKey(P256.Signing.PrivateKey()))
/// let leafKey = SigningKey(P256.Signing.PrivateKey())
/// let leaf = try root.issue(
///     publicKey: leafKey.publicKey,
///     subject: try DistinguishedName { CommonName("service:exchange") },
///     keyUsage: KeyUsage(digitalSignature: true),
///     extendedKeyUsage: [.clientAuth])
/// ```
///
/// Certificates are X.509 v3 with a random 20-byte serial number, subject and authority key identifiers, and
/// critical basic constraints and key usage. They are signed with the CA key's default algorithm (ECDSA with the
/// curve's hash, or RSA PKCS #1 v1.5 with SHA-256).
public struct CertificateIssuer: Sendable {
    /// The CA's certificate: its subject becomes the issuer of every certificate issued.
    public let certificate: Certificate

    /// The CA's private key, which signs the certificates issued.
    public let key: SigningKey

    /// Pairs a CA certificate with its private key.
    ///
    /// - Throws: ``TrustError/Code/keyMismatch`` if the key does not belong to the certificate.
    public init(certificate: Certificate, key: SigningKey) throws(TrustError) {
        guard certificate.publicKey == key.publicKey else {
            throw TrustError(
                code: .keyMismatch,
                message: "The private key does not belong to the CA certificate '\(certificate.subject)'; "
                    + "pair each CA certificate with the key it was issued for."
            )
        }
        self.certificate = certificate
        self.key = key
    }

    /// Creates a self-signed root CA.
    ///
    /// - Parameters:
    ///   - subject: The CA's name (also its issuer).
    ///   - key: The CA's key.
    ///   - notValidBefore: Start of validity; defaults to one hour ago, to tolerate clock skew.
    ///   - notValidAfter: End of validity; defaults to ten years from now.
    /// - Returns: An issuer whose certificate has `CA:true` and key usage `keyCertSign, cRLSign`.
    public static func selfSignedAuthority(
        subject: DistinguishedName,
        key: SigningKey,
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(10 * 365 * 86400)
    ) throws(TrustError) -> CertificateIssuer {
        let extensions: Certificate.Extensions
        let certificate: Certificate
        do {
            extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            }
            certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: key.publicKey,
                notValidBefore: notValidBefore,
                notValidAfter: notValidAfter,
                issuer: subject,
                subject: subject,
                extensions: extensions,
                issuerPrivateKey: key.certificatePrivateKey
            )
        } catch {
            throw TrustError(code: .malformed, message: "Cannot build the CA certificate '\(subject)'.", cause: error)
        }
        return try CertificateIssuer(certificate: certificate, key: key)
    }

    /// Issues a certificate signed by this CA.
    ///
    /// - Parameters:
    ///   - publicKey: The subject's public key.
    ///   - subject: The subject's name.
    ///   - keyUsage: The key usage bits (a critical extension).
    ///   - extendedKeyUsage: The extended key usages; empty for none (the extension is then left out).
    ///   - subjectAlternativeNames: DNS names and IP addresses for TLS servers; empty for none.
    ///   - isCertificateAuthority: `true` to issue an intermediate CA (`CA:true`); leaves get `CA:false`.
    ///   - notValidBefore: Start of validity; defaults to one hour ago, to tolerate clock skew.
    ///   - notValidAfter: End of validity; defaults to one year from now. It may lie outside the CA's own validity
    ///     (tests use that); validators then reject the chain.
    /// - Returns: The new certificate.
    public func issue(
        publicKey: Certificate.PublicKey,
        subject: DistinguishedName,
        keyUsage: KeyUsage,
        extendedKeyUsage: [ExtendedKeyUsage.Usage] = [],
        subjectAlternativeNames: [GeneralName] = [],
        isCertificateAuthority: Bool = false,
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(365 * 86400)
    ) throws(TrustError) -> Certificate {
        do {
            let authorityKeyIdentifier =
                try self.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
                ?? SubjectKeyIdentifier(hash: self.certificate.publicKey).keyIdentifier
            let extensions = try Certificate.Extensions {
                if isCertificateAuthority {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                } else {
                    Critical(BasicConstraints.notCertificateAuthority)
                }
                Critical(keyUsage)
                if !extendedKeyUsage.isEmpty {
                    try ExtendedKeyUsage(extendedKeyUsage)
                }
                if !subjectAlternativeNames.isEmpty {
                    SubjectAlternativeNames(subjectAlternativeNames)
                }
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyIdentifier)
            }
            return try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: notValidBefore,
                notValidAfter: notValidAfter,
                issuer: self.certificate.subject,
                subject: subject,
                extensions: extensions,
                issuerPrivateKey: self.key.certificatePrivateKey
            )
        } catch {
            throw TrustError(
                code: .malformed,
                message: "Cannot issue the certificate '\(subject)' from '\(self.certificate.subject)'.",
                cause: error
            )
        }
    }
}
