import Crypto
import Foundation
import Testing
import VDXPTrust
import X509
import _CryptoExtras

@Suite("Reading and writing PEM")
struct PEMTests {
    let message = Array("bytes to sign".utf8)

    @Test(
        "a PKCS #8 key written here reads back as the same key",
        arguments: [SignatureAlgorithm.KeyType.rsa, .p256, .p384])
    func pkcs8RoundTrip(keyType: SignatureAlgorithm.KeyType) throws {
        let key = keyType == .rsa ? try TestKeys.rsa2048() : try SigningKey(generating: keyType)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----"))

        let loaded = try SigningKey(pemRepresentation: key.pemRepresentation)
        #expect(loaded.keyType == keyType)
        #expect(loaded.publicKey == key.publicKey)
        let signature = try loaded.sign(self.message, algorithm: loaded.defaultAlgorithm)
        try verifySignature(signature, over: self.message, algorithm: loaded.defaultAlgorithm, publicKey: key.publicKey)
    }

    @Test("an RSA PRIVATE KEY (PKCS #1) block is read")
    func pkcs1RSA() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let loaded = try SigningKey(pemRepresentation: key.pemRepresentation)
        #expect(loaded.keyType == .rsa)
        #expect(loaded.keySizeInBits == 2048)
    }

    @Test("OpenSSL's EC PRIVATE KEY blocks are read, with or without EC PARAMETERS")
    func sec1Keys() throws {
        let p256 = try SigningKey(pemRepresentation: Fixtures.p256SEC1KeyWithParameters)
        #expect(p256.keyType == .p256)
        let p384 = try SigningKey(pemRepresentation: Fixtures.p384SEC1Key)
        #expect(p384.keyType == .p384)
        #expect(p384.description == "EC P-384 signing key")
    }

    @Test("an Ed25519 key is refused as an unsupported algorithm")
    func ed25519IsRefused() {
        let error = #expect(throws: TrustError.self) { try SigningKey(pemRepresentation: Fixtures.ed25519Key) }
        #expect(error?.code == .unsupportedAlgorithm)
    }

    @Test("an RSA key of 1024 bits in PEM is refused as weak")
    func weakRSAInPEM() throws {
        let weak = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let error = #expect(throws: TrustError.self) { try SigningKey(pemRepresentation: weak.pemRepresentation) }
        #expect(error?.code == .weakKey)
    }

    @Test("text that is not a key, or holds a certificate, is refused as malformed")
    func notAKey() {
        #expect(throws: TrustError.self) { try SigningKey(pemRepresentation: "hello") }
        let error = #expect(throws: TrustError.self) { try SigningKey(pemRepresentation: Fixtures.certificate) }
        #expect(error?.code == .malformed)
    }

    @Test("several certificates in one PEM text are parsed in order and written back identically")
    func certificateChainRoundTrip() throws {
        let root = try CertificateIssuer.selfSignedAuthority(
            subject: testName("Root"), key: SigningKey(generating: .p384))
        let leafKey = try SigningKey(generating: .p256)
        let leaf = try root.issue(
            publicKey: leafKey.publicKey, subject: testName("Leaf"), keyUsage: KeyUsage(digitalSignature: true))

        let text = "Bag Attributes: ignored\n" + PEM.pemString(for: [leaf, root.certificate])
        let parsed = try PEM.certificates(fromPEM: text)
        #expect(parsed == [leaf, root.certificate])
        #expect(PEM.pemString(for: parsed) == PEM.pemString(for: [leaf, root.certificate]))
        #expect(PEM.pemString(for: leaf).hasSuffix("-----END CERTIFICATE-----\n"))
    }

    @Test("a certificate file that also holds a private key is refused")
    func keyInCertificateFile() throws {
        let text = Fixtures.certificate + "\n" + Fixtures.p384SEC1Key
        let error = #expect(throws: TrustError.self) { try PEM.certificates(fromPEM: text) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("EC PRIVATE KEY") == true)
    }

    @Test("files are loaded, and a missing file is a file access error naming the path")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vdxp-pem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let certificatePath = directory.appendingPathComponent("chain.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        try Fixtures.certificate.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try Fixtures.p256SEC1KeyWithParameters.write(toFile: keyPath, atomically: true, encoding: .utf8)

        let chain = try PEM.loadCertificateChain(pemFile: certificatePath)
        let key = try PEM.loadSigningKey(pemFile: keyPath)
        #expect(chain.count == 1)
        #expect(chain[0].publicKey == key.publicKey)

        let missing = directory.appendingPathComponent("missing.pem").path
        let error = #expect(throws: TrustError.self) { try PEM.loadCertificateChain(pemFile: missing) }
        #expect(error?.code == .fileAccess)
        #expect(error?.message.contains(missing) == true)
    }
}
