import Crypto
import Testing
import VDXPTrust
import X509
import _CryptoExtras

@Suite("Signing and verifying bytes")
struct SignatureTests {
    let header = Array("a serialized DocumentHeader: Công văn số 12/UBND-VP".utf8)

    @Test(
        "a signature made here verifies and fails when one byte of the message changes",
        arguments: SignatureAlgorithm.allCases)
    func roundTripAndTamperedMessage(algorithm: SignatureAlgorithm) throws {
        let key = try TestKeys.key(for: algorithm)
        let signature = try key.sign(self.header, algorithm: algorithm)

        try verifySignature(signature, over: self.header, algorithm: algorithm, publicKey: key.publicKey)

        var tampered = self.header
        tampered[7] ^= 0x01
        let error = #expect(throws: TrustError.self) {
            try verifySignature(signature, over: tampered, algorithm: algorithm, publicKey: key.publicKey)
        }
        #expect(error?.code == .invalidSignature)
    }

    @Test("a signature with one flipped byte fails", arguments: SignatureAlgorithm.allCases)
    func tamperedSignature(algorithm: SignatureAlgorithm) throws {
        let key = try TestKeys.key(for: algorithm)
        var signature = try key.sign(self.header, algorithm: algorithm)
        signature[signature.count / 2] ^= 0x80

        let error = #expect(throws: TrustError.self) {
            try verifySignature(signature, over: self.header, algorithm: algorithm, publicKey: key.publicKey)
        }
        #expect(error?.code == .invalidSignature)
    }

    @Test("RSA signatures are as long as the modulus and ECDSA signatures are DER sequences")
    func signatureEncodings() throws {
        let rsa = try TestKeys.rsa2048()
        #expect(try rsa.sign(self.header, algorithm: .rsaPSSSHA512).count == 256)
        #expect(try rsa.sign(self.header, algorithm: .rsaPKCS1v15SHA384).count == 256)

        let p256 = try SigningKey(generating: .p256).sign(self.header, algorithm: .ecdsaP256SHA256)
        #expect(p256.first == 0x30)  // SEQUENCE { r INTEGER, s INTEGER }
        #expect((8...72).contains(p256.count))
    }

    @Test("RSA PKCS #1 v1.5 signatures are deterministic, PSS and ECDSA signatures are randomised")
    func determinism() throws {
        let rsa = try TestKeys.rsa2048()
        #expect(
            try rsa.sign(self.header, algorithm: .rsaPKCS1v15SHA256)
                == rsa.sign(self.header, algorithm: .rsaPKCS1v15SHA256))
        #expect(try rsa.sign(self.header, algorithm: .rsaPSSSHA256) != rsa.sign(self.header, algorithm: .rsaPSSSHA256))
    }

    @Test("a PKCS #1 v1.5 signature does not verify as PSS, nor SHA-256 as SHA-384")
    func paddingAndDigestAreBound() throws {
        let rsa = try TestKeys.rsa2048()
        let pkcs1 = try rsa.sign(self.header, algorithm: .rsaPKCS1v15SHA256)
        #expect(throws: TrustError.self) {
            try verifySignature(pkcs1, over: self.header, algorithm: .rsaPSSSHA256, publicKey: rsa.publicKey)
        }
        #expect(throws: TrustError.self) {
            try verifySignature(pkcs1, over: self.header, algorithm: .rsaPKCS1v15SHA384, publicKey: rsa.publicKey)
        }
    }

    @Test("an ECDSA P-384 algorithm with a P-256 key is refused as a key mismatch")
    func p384AlgorithmWithP256Key() throws {
        let p256 = SigningKey(P256.Signing.PrivateKey())
        let signature = try p256.sign(self.header, algorithm: .ecdsaP256SHA256)

        let error = #expect(throws: TrustError.self) {
            try verifySignature(signature, over: self.header, algorithm: .ecdsaP384SHA384, publicKey: p256.publicKey)
        }
        #expect(error?.code == .keyMismatch)
    }

    @Test("an RSA algorithm with an EC key, and ECDSA with an RSA key, are refused as key mismatches")
    func familyMismatch() throws {
        let p256 = SigningKey(P256.Signing.PrivateKey())
        let rsa = try TestKeys.rsa2048()
        let ecdsaSignature = try p256.sign(self.header, algorithm: .ecdsaP256SHA256)
        let rsaSignature = try rsa.sign(self.header, algorithm: .rsaPSSSHA256)

        let rsaWithEC = #expect(throws: TrustError.self) {
            try verifySignature(ecdsaSignature, over: self.header, algorithm: .rsaPSSSHA256, publicKey: p256.publicKey)
        }
        #expect(rsaWithEC?.code == .keyMismatch)
        let ecWithRSA = #expect(throws: TrustError.self) {
            try verifySignature(rsaSignature, over: self.header, algorithm: .ecdsaP256SHA256, publicKey: rsa.publicKey)
        }
        #expect(ecWithRSA?.code == .keyMismatch)
    }

    @Test("a key refuses to sign with an algorithm for another key type")
    func signingMismatch() throws {
        let p384 = SigningKey(P384.Signing.PrivateKey())
        let error = #expect(throws: TrustError.self) {
            try p384.sign(self.header, algorithm: .ecdsaP256SHA256)
        }
        #expect(error?.code == .keyMismatch)
        #expect(p384.supportedAlgorithms == [.ecdsaP384SHA384])
        #expect(try TestKeys.rsa2048().supportedAlgorithms.count == 6)
    }

    @Test("RSA keys under 2048 bits are refused for signing and for verifying")
    func rsa1024IsRefused() throws {
        let weak = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))

        let wrapping = #expect(throws: TrustError.self) { try SigningKey(weak) }
        #expect(wrapping?.code == .weakKey)
        let generating = #expect(throws: TrustError.self) { try SigningKey(generating: .rsa, rsaKeySize: 1024) }
        #expect(generating?.code == .weakKey)

        // A valid signature by the weak key is still refused because of the key size.
        let signature = try weak.signature(for: SHA256.hash(data: self.header), padding: .insecurePKCS1v1_5)
        let verifying = #expect(throws: TrustError.self) {
            try verifySignature(
                signature.withUnsafeBytes { Array($0) },
                over: self.header,
                algorithm: .rsaPKCS1v15SHA256,
                publicKey: Certificate.PublicKey(weak.publicKey)
            )
        }
        #expect(verifying?.code == .weakKey)
    }

    @Test("an ECDSA signature in raw r||s form is refused with a hint to send DER")
    func rawECDSASignatureIsRefused() throws {
        let key = P256.Signing.PrivateKey()
        let raw = Array(try key.signature(for: SHA256.hash(data: self.header)).rawRepresentation)

        let error = #expect(throws: TrustError.self) {
            try verifySignature(
                raw, over: self.header, algorithm: .ecdsaP256SHA256, publicKey: Certificate.PublicKey(key.publicKey))
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.message.contains("DER") == true)
    }

    @Test("algorithm raw values are the stable names used in configuration and on the command line")
    func rawValues() {
        #expect(
            SignatureAlgorithm.allCases.map(\.rawValue) == [
                "rsa-pkcs1v15-sha256", "rsa-pkcs1v15-sha384", "rsa-pkcs1v15-sha512",
                "rsa-pss-sha256", "rsa-pss-sha384", "rsa-pss-sha512",
                "ecdsa-p256-sha256", "ecdsa-p384-sha384",
            ])
        #expect(SignatureAlgorithm(rawValue: "rsa-pss-sha384") == .rsaPSSSHA384)
        #expect(SignatureAlgorithm.rsaPSSSHA384.digest.byteCount == 48)
    }
}
