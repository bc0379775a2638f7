public import Crypto
public import X509
public import _CryptoExtras

/// A private key that signs bytes for VDXP: an RSA key of at least 2048 bits, or an ECDSA key on P-256 or P-384.
///
/// A member agency signs each document header with its signing key; Central signs the global configuration with
/// the configuration signing key; the development PKI signs certificates with its CA keys.
///
/// ```swift
/// let key = try PEM.loadSigningKey(pemFile: "members/000.00.00.G22/signing-key.pem")
/// let signature = try key.sign(headerBytes, algorithm: .rsaPSSSHA256)
/// ```
///
/// Load keys with ``init(pemRepresentation:)`` or ``PEM/loadSigningKey(pemFile:)``; create new ones with
/// ``generate(for:)`` or ``init(generating:rsaKeySize:)``.
public struct SigningKey: Sendable, CustomStringConvertible {
    enum Backing: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
    }

    let backing: Backing

    /// Wraps an RSA private key.
    ///
    /// - Throws: ``TrustError/Code/weakKey`` if the modulus is shorter than
    ///   ``SignatureAlgorithm/minimumRSAKeySize`` bits.
    public init(_ key: _RSA.Signing.PrivateKey) throws(TrustError) {
        guard key.keySizeInBits >= SignatureAlgorithm.minimumRSAKeySize else {
            throw TrustError(
                code: .weakKey,
                message: "The RSA key has \(key.keySizeInBits) bits; VDXP needs at least "
                    + "\(SignatureAlgorithm.minimumRSAKeySize). Generate a 2048- or 3072-bit key."
            )
        }
        self.backing = .rsa(key)
    }

    /// Wraps an ECDSA P-256 private key.
    public init(_ key: P256.Signing.PrivateKey) {
        self.backing = .p256(key)
    }

    /// Wraps an ECDSA P-384 private key.
    public init(_ key: P384.Signing.PrivateKey) {
        self.backing = .p384(key)
    }

    /// Generates a new random key.
    ///
    /// - Parameters:
    ///   - keyType: RSA, P-256 or P-384.
    ///   - rsaKeySize: The modulus length in bits for RSA keys (2048, 3072 or 4096); ignored for EC keys.
    /// - Throws: ``TrustError/Code/weakKey`` if `rsaKeySize` is under 2048 bits.
    public init(generating keyType: SignatureAlgorithm.KeyType, rsaKeySize: Int = 2048) throws(TrustError) {
        switch keyType {
        case .p256:
            self.init(P256.Signing.PrivateKey())
        case .p384:
            self.init(P384.Signing.PrivateKey())
        case .rsa:
            guard rsaKeySize >= SignatureAlgorithm.minimumRSAKeySize else {
                throw TrustError(
                    code: .weakKey,
                    message: "Cannot generate a \(rsaKeySize)-bit RSA key: VDXP needs at least "
                        + "\(SignatureAlgorithm.minimumRSAKeySize) bits."
                )
            }
            let key: _RSA.Signing.PrivateKey
            do {
                key = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: rsaKeySize))
            } catch {
                throw TrustError(
                    code: .invalidArgument,
                    message: "Cannot generate a \(rsaKeySize)-bit RSA key; use 2048, 3072 or 4096 bits.",
                    cause: error
                )
            }
            try self.init(key)
        }
    }

    /// Generates a new random key suited to an algorithm.
    ///
    /// RSA algorithms with SHA-256 get a 2048-bit key, those with SHA-384 or SHA-512 a 3072-bit key;
    /// ECDSA algorithms get a key on their curve.
    public static func generate(for algorithm: SignatureAlgorithm) throws(TrustError) -> SigningKey {
        let rsaKeySize = algorithm.digest == .sha256 ? 2048 : 3072
        return try SigningKey(generating: algorithm.keyType, rsaKeySize: rsaKeySize)
    }

    /// The kind of key: RSA, P-256 or P-384.
    public var keyType: SignatureAlgorithm.KeyType {
        switch self.backing {
        case .rsa: .rsa
        case .p256: .p256
        case .p384: .p384
        }
    }

    /// The key size in bits: the RSA modulus length, or 256 / 384 for the curves.
    public var keySizeInBits: Int {
        switch self.backing {
        case .rsa(let key): key.keySizeInBits
        case .p256: 256
        case .p384: 384
        }
    }

    /// The algorithms this key can sign with.
    public var supportedAlgorithms: [SignatureAlgorithm] {
        SignatureAlgorithm.allCases.filter { $0.keyType == self.keyType }
    }

    /// The algorithm used when none is chosen: RSA PKCS #1 v1.5 with SHA-256 for RSA keys, ECDSA with the curve's
    /// hash for EC keys.
    public var defaultAlgorithm: SignatureAlgorithm {
        switch self.backing {
        case .rsa: .rsaPKCS1v15SHA256
        case .p256: .ecdsaP256SHA256
        case .p384: .ecdsaP384SHA384
        }
    }

    /// The matching public key, as it appears in a certificate.
    public var publicKey: Certificate.PublicKey {
        switch self.backing {
        case .rsa(let key): Certificate.PublicKey(key.publicKey)
        case .p256(let key): Certificate.PublicKey(key.publicKey)
        case .p384(let key): Certificate.PublicKey(key.publicKey)
        }
    }

    /// The same key as swift-certificates' private key type, to sign certificates and CSRs.
    public var certificatePrivateKey: Certificate.PrivateKey {
        switch self.backing {
        case .rsa(let key): Certificate.PrivateKey(key)
        case .p256(let key): Certificate.PrivateKey(key)
        case .p384(let key): Certificate.PrivateKey(key)
        }
    }

    /// The key as an unencrypted PKCS #8 PEM document (`-----BEGIN PRIVATE KEY-----`), readable by OpenSSL,
    /// Python `cryptography` and Java.
    public var pemRepresentation: String {
        switch self.backing {
        case .rsa(let key): key.pkcs8PEMRepresentation
        case .p256(let key): key.pemRepresentation
        case .p384(let key): key.pemRepresentation
        }
    }

    /// Signs bytes.
    ///
    /// The bytes are hashed with the algorithm's digest and signed as described in ``SignatureAlgorithm``:
    /// the result is the raw RSA signature (as long as the modulus) or a DER-encoded ECDSA signature.
    /// RSA-PSS signatures are randomised; ECDSA signatures are too.
    ///
    /// - Parameters:
    ///   - bytes: The exact bytes to sign (for a document, the serialized `DocumentHeader`).
    ///   - algorithm: The algorithm; it must fit the key (``SignatureAlgorithm/keyType``).
    /// - Returns: The signature.
    /// - Throws: ``TrustError/Code/keyMismatch`` if the algorithm needs another kind of key.
    public func sign(_ bytes: [UInt8], algorithm: SignatureAlgorithm) throws(TrustError) -> [UInt8] {
        guard algorithm.keyType == self.keyType else {
            throw TrustError(
                code: .keyMismatch,
                message: "\(algorithm) needs an \(algorithm.keyType) key but this is an \(self.keyType) key; "
                    + "sign with one of \(self.supportedAlgorithms.map(\.rawValue).joined(separator: ", "))."
            )
        }
        do {
            switch self.backing {
            case .rsa(let key):
                let padding: _RSA.Signing.Padding = algorithm.usesPSS ? .PSS : .insecurePKCS1v1_5
                let signature: _RSA.Signing.RSASignature
                switch algorithm.digest {
                case .sha256: signature = try key.signature(for: SHA256.hash(data: bytes), padding: padding)
                case .sha384: signature = try key.signature(for: SHA384.hash(data: bytes), padding: padding)
                case .sha512: signature = try key.signature(for: SHA512.hash(data: bytes), padding: padding)
                }
                return signature.withUnsafeBytes { Array($0) }
            case .p256(let key):
                return Array(try key.signature(for: SHA256.hash(data: bytes)).derRepresentation)
            case .p384(let key):
                return Array(try key.signature(for: SHA384.hash(data: bytes)).derRepresentation)
            }
        } catch {
            throw TrustError(code: .unsupportedAlgorithm, message: "Signing with \(algorithm) failed.", cause: error)
        }
    }

    /// A description without key material, e.g. `RSA-3072 signing key`.
    public var description: String {
        switch self.backing {
        case .rsa(let key): "RSA-\(key.keySizeInBits) signing key"
        case .p256: "EC P-256 signing key"
        case .p384: "EC P-384 signing key"
        }
    }
}
