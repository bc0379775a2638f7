import Crypto
public import X509
import _CryptoExtras

/// Checks that a signature was made over some bytes by the private key of a public key.
///
/// This is the check Exchange runs on every document: the bytes are `SignedDocument.header` exactly as received,
/// the public key is the leaf of the signing certificate chain (which is validated separately with
/// ``CertificateChainValidator``). See ``SignatureAlgorithm`` for the exact padding and encoding of each algorithm.
///
/// ```swift
/// try verifySignature(document.signature, over: document.header,
///                     algorithm: .rsaPSSSHA256, publicKey: signingChain[0].publicKey)
/// ```
///
/// - Parameters:
///   - signature: The signature: the raw RSA signature, or a DER-encoded ECDSA `ECDSA-Sig-Value`.
///   - bytes: The exact bytes that were signed.
///   - algorithm: The algorithm the signer declared.
///   - publicKey: The signer's public key, usually from its certificate.
/// - Throws: ``TrustError`` with code
///   ``TrustError/Code/keyMismatch`` if the key is not of the kind the algorithm needs (an RSA algorithm with an EC key,
///   ECDSA P-384 with a P-256 key),
///   ``TrustError/Code/weakKey`` if an RSA key is shorter than 2048 bits,
///   ``TrustError/Code/invalidSignature`` if the signature does not verify or cannot be decoded.
public func verifySignature(
    _ signature: [UInt8],
    over bytes: [UInt8],
    algorithm: SignatureAlgorithm,
    publicKey: Certificate.PublicKey
) throws(TrustError) {
    let valid: Bool
    switch algorithm.keyType {
    case .rsa:
        guard let key = _RSA.Signing.PublicKey(publicKey) else {
            throw keyMismatch(algorithm, publicKey)
        }
        guard key.keySizeInBits >= SignatureAlgorithm.minimumRSAKeySize else {
            throw TrustError(
                code: .weakKey,
                message: "The signer's RSA key has \(key.keySizeInBits) bits; VDXP accepts RSA keys of at least "
                    + "\(SignatureAlgorithm.minimumRSAKeySize) bits. The signer needs a new key and certificate."
            )
        }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let padding: _RSA.Signing.Padding = algorithm.usesPSS ? .PSS : .insecurePKCS1v1_5
        switch algorithm.digest {
        case .sha256: valid = key.isValidSignature(rsaSignature, for: SHA256.hash(data: bytes), padding: padding)
        case .sha384: valid = key.isValidSignature(rsaSignature, for: SHA384.hash(data: bytes), padding: padding)
        case .sha512: valid = key.isValidSignature(rsaSignature, for: SHA512.hash(data: bytes), padding: padding)
        }
    case .p256:
        guard let key = P256.Signing.PublicKey(publicKey) else {
            throw keyMismatch(algorithm, publicKey)
        }
        guard let ecdsaSignature = try? P256.Signing.ECDSASignature(derRepresentation: signature) else {
            throw undecodableECDSASignature(algorithm)
        }
        valid = key.isValidSignature(ecdsaSignature, for: SHA256.hash(data: bytes))
    case .p384:
        guard let key = P384.Signing.PublicKey(publicKey) else {
            throw keyMismatch(algorithm, publicKey)
        }
        guard let ecdsaSignature = try? P384.Signing.ECDSASignature(derRepresentation: signature) else {
            throw undecodableECDSASignature(algorithm)
        }
        valid = key.isValidSignature(ecdsaSignature, for: SHA384.hash(data: bytes))
    }
    guard valid else {
        throw TrustError(
            code: .invalidSignature,
            message: "The \(algorithm) signature does not verify with the certificate's public key. Sign the exact "
                + "bytes that are sent (never a re-serialization), with the private key of the leaf certificate"
                + (algorithm.usesPSS
                    ? ", using MGF1 with the same hash and a salt of \(algorithm.digest.byteCount) bytes."
                    : ".")
        )
    }
}

private func keyMismatch(_ algorithm: SignatureAlgorithm, _ publicKey: Certificate.PublicKey) -> TrustError {
    TrustError(
        code: .keyMismatch,
        message:
            "\(algorithm) needs an \(algorithm.keyType) key but the certificate holds \(publicKey.kindDescription); "
            + "declare the algorithm that matches the signing certificate's key."
    )
}

private func undecodableECDSASignature(_ algorithm: SignatureAlgorithm) -> TrustError {
    TrustError(
        code: .invalidSignature,
        message: "The \(algorithm) signature is not a DER-encoded ECDSA-Sig-Value (SEQUENCE of two INTEGERs); "
            + "send the DER form that OpenSSL, Python cryptography and Java produce, not raw r||s."
    )
}
