import Foundation
import Testing
import VDXPTrust
import X509

@Suite("Certificate chain validation")
struct CertificateChainValidatorTests {
    /// A root, an intermediate under it, and a client leaf under the intermediate, all valid now.
    struct ThreeLevelPKI {
        let root: CertificateIssuer
        let intermediate: CertificateIssuer
        let leafKey: SigningKey
        let leaf: Certificate

        init(leafExtendedKeyUsage: [ExtendedKeyUsage.Usage] = [.clientAuth]) throws {
            self.root = try CertificateIssuer.selfSignedAuthority(
                subject: testName("Test Root CA"), key: SigningKey(generating: .p384))
            let intermediateKey = try SigningKey(generating: .p256)
            let intermediateCertificate = try self.root.issue(
                publicKey: intermediateKey.publicKey,
                subject: testName("Test Issuing CA"),
                keyUsage: KeyUsage(keyCertSign: true, cRLSign: true),
                isCertificateAuthority: true,
                notValidAfter: Date().addingTimeInterval(5 * 365 * 86400)
            )
            self.intermediate = try CertificateIssuer(certificate: intermediateCertificate, key: intermediateKey)
            self.leafKey = try SigningKey(generating: .p256)
            self.leaf = try self.intermediate.issue(
                publicKey: self.leafKey.publicKey,
                subject: testName("000.00.00.G22 connection", organisation: "Sở Nội vụ"),
                keyUsage: KeyUsage(digitalSignature: true),
                extendedKeyUsage: leafExtendedKeyUsage
            )
        }

        var validator: CertificateChainValidator {
            CertificateChainValidator(trustedRoots: [self.root.certificate])
        }
    }

    @Test("a leaf presented with its intermediate validates to the root")
    func validChain() async throws {
        let pki = try ThreeLevelPKI()
        let result = await pki.validator.validate(
            leafFirst: [pki.leaf, pki.intermediate.certificate], at: Date(), purpose: .clientAuthentication)

        let chain = try result.get()
        #expect(chain == [pki.leaf, pki.intermediate.certificate, pki.root.certificate])
        #expect(result.isValid)
    }

    @Test("a leaf presented without its intermediate is untrusted")
    func missingIntermediate() async throws {
        let pki = try ThreeLevelPKI()
        let result = await pki.validator.validate(leafFirst: [pki.leaf], at: Date(), purpose: .any)

        #expect(result.error?.code == .untrustedChain)
    }

    @Test("a leaf from a CA that is not trusted is refused with untrustedChain")
    func untrustedCA() async throws {
        let pki = try ThreeLevelPKI()
        let stranger = try CertificateIssuer.selfSignedAuthority(
            subject: testName("Test Root CA"), key: SigningKey(generating: .p256))
        let key = try SigningKey(generating: .p256)
        let leaf = try stranger.issue(
            publicKey: key.publicKey,
            subject: testName("impostor"),
            keyUsage: KeyUsage(digitalSignature: true),
            extendedKeyUsage: [.clientAuth]
        )

        // Same issuer name as the trusted root, different key: the signature check must reject it.
        let result = await pki.validator.validate(
            leafFirst: [leaf, stranger.certificate], at: Date(), purpose: .clientAuthentication)
        let error = try #require(result.error)
        #expect(error.code == .untrustedChain)
        #expect(error.message.contains("impostor"))
    }

    @Test("an expired leaf is refused with expired")
    func expiredLeaf() async throws {
        let pki = try ThreeLevelPKI()
        let key = try SigningKey(generating: .p256)
        let expired = try pki.intermediate.issue(
            publicKey: key.publicKey,
            subject: testName("expired"),
            keyUsage: KeyUsage(digitalSignature: true),
            notValidBefore: Date().addingTimeInterval(-30 * 86400),
            notValidAfter: Date().addingTimeInterval(-86400)
        )

        let result = await pki.validator.validate(
            leafFirst: [expired, pki.intermediate.certificate], at: Date(), purpose: .any)
        let error = try #require(result.error)
        #expect(error.code == .expired)
        #expect(error.message.contains("expired"))
    }

    @Test("a leaf that is not valid yet is refused with notYetValid")
    func notYetValidLeaf() async throws {
        let pki = try ThreeLevelPKI()
        let key = try SigningKey(generating: .p256)
        let future = try pki.intermediate.issue(
            publicKey: key.publicKey,
            subject: testName("future"),
            keyUsage: KeyUsage(digitalSignature: true),
            notValidBefore: Date().addingTimeInterval(86400),
            notValidAfter: Date().addingTimeInterval(30 * 86400)
        )

        let result = await pki.validator.validate(
            leafFirst: [future, pki.intermediate.certificate], at: Date(), purpose: .any)
        #expect(result.error?.code == .notYetValid)
    }

    @Test("validation uses the given time, not the clock: a valid chain checked after it expires is expired")
    func validationTime() async throws {
        let pki = try ThreeLevelPKI()
        let inTwoYears = Date().addingTimeInterval(2 * 365 * 86400)
        let result = await pki.validator.validate(
            leafFirst: [pki.leaf, pki.intermediate.certificate], at: inTwoYears, purpose: .any)
        #expect(result.error?.code == .expired)
    }

    @Test("a serverAuth-only leaf is refused for client authentication but accepted for a server")
    func wrongExtendedKeyUsage() async throws {
        let pki = try ThreeLevelPKI(leafExtendedKeyUsage: [.serverAuth])
        let chain = [pki.leaf, pki.intermediate.certificate]

        let asClient = await pki.validator.validate(leafFirst: chain, at: Date(), purpose: .clientAuthentication)
        let error = try #require(asClient.error)
        #expect(error.code == .usageNotAllowed)
        #expect(error.message.contains("clientAuth"))

        let asServer = await pki.validator.validate(leafFirst: chain, at: Date(), purpose: .serverAuthentication)
        #expect(asServer.isValid)
    }

    @Test("a leaf without an extended key usage extension may authenticate a client")
    func noExtendedKeyUsage() async throws {
        let pki = try ThreeLevelPKI(leafExtendedKeyUsage: [])
        let result = await pki.validator.validate(
            leafFirst: [pki.leaf, pki.intermediate.certificate], at: Date(), purpose: .clientAuthentication)
        #expect(result.isValid)
    }

    @Test("document signing needs digitalSignature or nonRepudiation in the key usage")
    func documentSigningKeyUsage() async throws {
        let pki = try ThreeLevelPKI()
        let key = try SigningKey(generating: .p256)
        let sealOnly = try pki.intermediate.issue(
            publicKey: key.publicKey,
            subject: testName("seal"),
            keyUsage: KeyUsage(nonRepudiation: true)
        )
        let encipherOnly = try pki.intermediate.issue(
            publicKey: key.publicKey,
            subject: testName("encipherment"),
            keyUsage: KeyUsage(keyEncipherment: true)
        )

        let seal = await pki.validator.validate(
            leafFirst: [sealOnly, pki.intermediate.certificate], at: Date(), purpose: .documentSigning)
        #expect(seal.isValid)
        let encipherment = await pki.validator.validate(
            leafFirst: [encipherOnly, pki.intermediate.certificate], at: Date(), purpose: .documentSigning)
        #expect(encipherment.error?.code == .usageNotAllowed)
    }

    @Test("a leaf may not issue certificates: a chain through a CA:false certificate is untrusted")
    func leafCannotIssue() async throws {
        let pki = try ThreeLevelPKI()
        let rogueIssuer = try CertificateIssuer(certificate: pki.leaf, key: pki.leafKey)
        let key = try SigningKey(generating: .p256)
        let rogue = try rogueIssuer.issue(
            publicKey: key.publicKey, subject: testName("rogue"), keyUsage: KeyUsage(digitalSignature: true))

        let result = await pki.validator.validate(
            leafFirst: [rogue, pki.leaf, pki.intermediate.certificate],
            at: Date(),
            purpose: .any
        )
        #expect(result.error?.code == .untrustedChain)
    }

    @Test("an empty chain is an invalid argument")
    func emptyChain() async throws {
        let pki = try ThreeLevelPKI()
        let result = await pki.validator.validate(leafFirst: [], at: Date(), purpose: .any)
        #expect(result.error?.code == .invalidArgument)
    }
}
