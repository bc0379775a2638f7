/// A signature algorithm VDXP accepts on documents, configurations and other signed bytes.
///
/// The raw values are stable: they appear in configuration files, on the `vdxp` command line and in logs.
///
/// | case | raw value | key | padding / encoding |
/// |---|---|---|---|
/// | ``rsaPKCS1v15SHA256`` | `rsa-pkcs1v15-sha256` | RSA ≥ 2048 bits | PKCS #1 v1.5 |
/// | ``rsaPKCS1v15SHA384`` | `rsa-pkcs1v15-sha384` | RSA ≥ 2048 bits | PKCS #1 v1.5 |
/// | ``rsaPKCS1v15SHA512`` | `rsa-pkcs1v15-sha512` | RSA ≥ 2048 bits | PKCS #1 v1.5 |
/// | ``rsaPSSSHA256`` | `rsa-pss-sha256` | RSA ≥ 2048 bits | PSS, MGF1(SHA-256), 32-byte salt |
/// | ``rsaPSSSHA384`` | `rsa-pss-sha384` | RSA ≥ 2048 bits | PSS, MGF1(SHA-384), 48-byte salt |
/// | ``rsaPSSSHA512`` | `rsa-pss-sha512` | RSA ≥ 2048 bits | PSS, MGF1(SHA-512), 64-byte salt |
/// | ``ecdsaP256SHA256`` | `ecdsa-p256-sha256` | EC P-256 | DER `ECDSA-Sig-Value` |
/// | ``ecdsaP384SHA384`` | `ecdsa-p384-sha384` | EC P-384 | DER `ECDSA-Sig-Value` |
///
/// RSA-PSS uses MGF1 with the same hash as the message digest and a salt as long as the digest; this is what
/// Python `cryptography` produces with `padding.PSS(mgf=padding.MGF1(h), salt_length=padding.PSS.DIGEST_LENGTH)`
/// and Java with `RSASSA-PSS` and `PSSParameterSpec(h, "MGF1", MGF1ParameterSpec(h), digestLength, 1)`.
/// A PSS signature with any other salt length is refused.
///
/// ECDSA signatures are the DER encoding of `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279), as
/// OpenSSL, Python `cryptography` and Java's `SHA256withECDSA` produce them — not the 64/96-byte `r ‖ s` form.
public enum SignatureAlgorithm: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// RSA PKCS #1 v1.5 with SHA-256.
    case rsaPKCS1v15SHA256 = "rsa-pkcs1v15-sha256"
    /// RSA PKCS #1 v1.5 with SHA-384.
    case rsaPKCS1v15SHA384 = "rsa-pkcs1v15-sha384"
    /// RSA PKCS #1 v1.5 with SHA-512.
    case rsaPKCS1v15SHA512 = "rsa-pkcs1v15-sha512"
    /// RSA-PSS with SHA-256, MGF1(SHA-256) and a 32-byte salt.
    case rsaPSSSHA256 = "rsa-pss-sha256"
    /// RSA-PSS with SHA-384, MGF1(SHA-384) and a 48-byte salt.
    case rsaPSSSHA384 = "rsa-pss-sha384"
    /// RSA-PSS with SHA-512, MGF1(SHA-512) and a 64-byte salt.
    case rsaPSSSHA512 = "rsa-pss-sha512"
    /// ECDSA on curve P-256 (secp256r1) with SHA-256, signature DER-encoded.
    case ecdsaP256SHA256 = "ecdsa-p256-sha256"
    /// ECDSA on curve P-384 (secp384r1) with SHA-384, signature DER-encoded.
    case ecdsaP384SHA384 = "ecdsa-p384-sha384"

    /// The smallest RSA modulus, in bits, that VDXP signs with or accepts.
    public static let minimumRSAKeySize = 2048

    /// The kind of key an algorithm needs.
    public enum KeyType: String, Hashable, Sendable, CustomStringConvertible {
        /// An RSA key of at least ``SignatureAlgorithm/minimumRSAKeySize`` bits.
        case rsa = "RSA"
        /// An elliptic-curve key on P-256.
        case p256 = "EC P-256"
        /// An elliptic-curve key on P-384.
        case p384 = "EC P-384"

        /// A readable name: `RSA`, `EC P-256` or `EC P-384`.
        public var description: String { self.rawValue }
    }

    /// The message digest an algorithm signs.
    public enum Digest: String, Hashable, Sendable, CustomStringConvertible {
        /// SHA-256, 32 bytes.
        case sha256 = "SHA-256"
        /// SHA-384, 48 bytes.
        case sha384 = "SHA-384"
        /// SHA-512, 64 bytes.
        case sha512 = "SHA-512"

        /// The digest length in bytes; also the RSA-PSS salt length.
        public var byteCount: Int {
            switch self {
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            }
        }

        /// The digest's name, e.g. `SHA-256`.
        public var description: String { self.rawValue }
    }

    /// The kind of key this algorithm signs and verifies with.
    public var keyType: KeyType {
        switch self {
        case .rsaPKCS1v15SHA256, .rsaPKCS1v15SHA384, .rsaPKCS1v15SHA512,
            .rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512:
            .rsa
        case .ecdsaP256SHA256:
            .p256
        case .ecdsaP384SHA384:
            .p384
        }
    }

    /// The digest this algorithm signs.
    public var digest: Digest {
        switch self {
        case .rsaPKCS1v15SHA256, .rsaPSSSHA256, .ecdsaP256SHA256:
            .sha256
        case .rsaPKCS1v15SHA384, .rsaPSSSHA384, .ecdsaP384SHA384:
            .sha384
        case .rsaPKCS1v15SHA512, .rsaPSSSHA512:
            .sha512
        }
    }

    /// Whether this is an RSA-PSS algorithm (as opposed to PKCS #1 v1.5 or ECDSA).
    public var usesPSS: Bool {
        switch self {
        case .rsaPSSSHA256, .rsaPSSSHA384, .rsaPSSSHA512:
            true
        default:
            false
        }
    }

    /// The stable raw value, e.g. `rsa-pss-sha256`.
    public var description: String { self.rawValue }
}
