import Crypto
import SwiftASN1
import _CryptoExtras

extension SigningKey {
    /// Loads an unencrypted private key from PEM.
    ///
    /// Accepted blocks, as OpenSSL, Python `cryptography` and Java tools write them:
    /// - `PRIVATE KEY` (PKCS #8) holding an RSA, P-256 or P-384 key;
    /// - `RSA PRIVATE KEY` (PKCS #1);
    /// - `EC PRIVATE KEY` (SEC 1) on P-256 or P-384, optionally preceded by an `EC PARAMETERS` block.
    ///
    /// - Parameter pemRepresentation: The PEM text.
    /// - Throws: ``TrustError/Code/malformed`` if the text holds no readable key (or an encrypted one),
    ///   ``TrustError/Code/unsupportedAlgorithm`` for other key types (Ed25519, P-521, DSA),
    ///   ``TrustError/Code/weakKey`` for RSA keys under 2048 bits.
    public init(pemRepresentation: String) throws(TrustError) {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pemRepresentation)
        } catch {
            throw TrustError(
                code: .malformed,
                message: "The private key is not valid PEM: expected a '-----BEGIN PRIVATE KEY-----' block.",
                cause: error
            )
        }
        let keyDocuments = documents.filter { $0.discriminator != "EC PARAMETERS" }
        guard keyDocuments.count == 1, let document = keyDocuments.first else {
            throw TrustError(
                code: .malformed,
                message: "Expected exactly one private key PEM block but found \(keyDocuments.count) "
                    + "(\(keyDocuments.map(\.discriminator).joined(separator: ", "))); keep one key per file."
            )
        }
        switch document.discriminator {
        case "PRIVATE KEY":
            self = try Self.pkcs8(document.derBytes)
        case "RSA PRIVATE KEY":
            self = try Self.rsa(document.derBytes)
        case "EC PRIVATE KEY":
            if let key = try? P256.Signing.PrivateKey(derRepresentation: document.derBytes) {
                self.init(key)
            } else if let key = try? P384.Signing.PrivateKey(derRepresentation: document.derBytes) {
                self.init(key)
            } else {
                throw TrustError(
                    code: .unsupportedAlgorithm,
                    message: "The EC private key is malformed or not on P-256 or P-384, the only curves VDXP accepts."
                )
            }
        case "ENCRYPTED PRIVATE KEY":
            throw TrustError(
                code: .malformed,
                message: "The private key is encrypted; VDXP reads unencrypted PKCS #8 keys. Decrypt it with "
                    + "'openssl pkcs8 -in key.pem -out plain-key.pem' and protect the file with mode 0600."
            )
        default:
            throw TrustError(
                code: .malformed,
                message: "Found a '\(document.discriminator)' PEM block where a private key was expected "
                    + "('PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY')."
            )
        }
    }

    private static func rsa(_ der: [UInt8]) throws(TrustError) -> SigningKey {
        if let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) {
            return try SigningKey(key)
        }
        if let weak = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: der) {
            return try SigningKey(weak)  // throws weakKey with the size in the message
        }
        throw TrustError(code: .malformed, message: "The RSA private key cannot be parsed.")
    }

    private static func pkcs8(_ der: [UInt8]) throws(TrustError) -> SigningKey {
        let algorithm: PKCS8Algorithm
        do {
            algorithm = try PKCS8Algorithm(pkcs8: der)
        } catch {
            throw TrustError(code: .malformed, message: "The PKCS #8 private key cannot be parsed.", cause: error)
        }
        switch algorithm.oid {
        case PKCS8Algorithm.rsaEncryption:
            return try Self.rsa(der)
        case PKCS8Algorithm.ecPublicKey:
            if algorithm.curve == PKCS8Algorithm.secp256r1,
                let key = try? P256.Signing.PrivateKey(derRepresentation: der)
            {
                return SigningKey(key)
            }
            if algorithm.curve == PKCS8Algorithm.secp384r1,
                let key = try? P384.Signing.PrivateKey(derRepresentation: der)
            {
                return SigningKey(key)
            }
            throw TrustError(
                code: .unsupportedAlgorithm,
                message: "The EC private key is malformed or on a curve other than P-256 and P-384 "
                    + "(curve \(algorithm.curve.map { String(describing: $0) } ?? "missing")); "
                    + "VDXP accepts P-256 and P-384 only."
            )
        default:
            throw TrustError(
                code: .unsupportedAlgorithm,
                message: "The private key has algorithm \(algorithm.oid); VDXP accepts RSA, EC P-256 and EC P-384 keys."
            )
        }
    }
}

/// The algorithm identifier at the start of a PKCS #8 `PrivateKeyInfo`, read to decide how to parse the key.
private struct PKCS8Algorithm {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    static let secp256r1: ASN1ObjectIdentifier = [1, 2, 840, 10045, 3, 1, 7]
    static let secp384r1: ASN1ObjectIdentifier = [1, 3, 132, 0, 34]

    var oid: ASN1ObjectIdentifier
    var curve: ASN1ObjectIdentifier?

    /// `PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, … }`
    init(pkcs8 der: [UInt8]) throws {
        let root = try DER.parse(der)
        (self.oid, self.curve) = try DER.sequence(root, identifier: .sequence) { nodes in
            _ = try Int(derEncoded: &nodes)
            let identifier = try DER.sequence(of: ASN1Any.self, identifier: .sequence, nodes: &nodes)
            while nodes.next() != nil {}
            guard let first = identifier.first else {
                throw ASN1Error.invalidASN1Object(reason: "empty AlgorithmIdentifier")
            }
            let oid = try ASN1ObjectIdentifier(asn1Any: first)
            let curve = identifier.dropFirst().first.flatMap { try? ASN1ObjectIdentifier(asn1Any: $0) }
            return (oid, curve)
        }
    }
}
