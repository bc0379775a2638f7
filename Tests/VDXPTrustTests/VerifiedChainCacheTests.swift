import Foundation
import SwiftASN1
import Testing
import VDXPTrust
import X509

@Suite("Verified chain cache: a seal's chain is validated once per trust list and CRLs, never past its expiry")
struct VerifiedChainCacheTests {
    /// A root and a document-signing leaf under it, valid for the next `days` days.
    struct SealPKI {
        let root: CertificateIssuer
        let leaf: Certificate

        init(days: Double = 365) throws {
            self.root = try CertificateIssuer.selfSignedAuthority(
                subject: testName("Test Root CA"), key: SigningKey(generating: .p256))
            self.leaf = try root.issue(
                publicKey: SigningKey(generating: .p256).publicKey,
                subject: testName("000.00.00.G22 seal", organisation: "Văn phòng Chính phủ"),
                keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true),
                notValidAfter: Date().addingTimeInterval(days * 86400))
        }

        var der: [Data] {
            var serializer = DER.Serializer()
            try! serializer.serialize(leaf)
            return [Data(serializer.serializedBytes)]
        }

        func validator(revoked: RevokedCertificates = .none) -> CertificateChainValidator {
            CertificateChainValidator(trustedRoots: [root.certificate], revoked: revoked)
        }
    }

    /// Validates `pki`'s chain through `cache` with `validator`, naming its trust by its digest, as a global
    /// configuration copy does.
    private func validate(
        _ cache: VerifiedChainCache, _ pki: SealPKI, with validator: CertificateChainValidator, at time: Date = Date()
    ) async throws -> ChainValidationResult {
        let digest = VerifiedChainCache.trustDigest(
            authoritiesDER: validator.trustedRoots.map { certificate in
                var serializer = DER.Serializer()
                try! serializer.serialize(certificate)
                return Data(serializer.serializedBytes)
            },
            revoked: validator.revoked)
        return try await cache.validate(
            leafFirstDER: pki.der, at: time, purpose: .documentSigning, using: validator, trustDigest: digest
        ) { try $0.map { try PEM.certificate(fromDER: Array($0)) } }.result
    }

    @Test("the same chain against the same trust is validated once")
    func sameChainTwice() async throws {
        let pki = try SealPKI()
        let cache = VerifiedChainCache()

        #expect(try await validate(cache, pki, with: pki.validator()).isValid)
        #expect(try await validate(cache, pki, with: pki.validator()).isValid)
        #expect(cache.validations == 1)
    }

    @Test("a new trust list validates again, and a chain it no longer trusts is refused")
    func newTrustList() async throws {
        let pki = try SealPKI()
        let other = try SealPKI()
        let cache = VerifiedChainCache()

        _ = try await validate(cache, pki, with: pki.validator())
        let result = try await validate(cache, pki, with: other.validator())
        #expect(result.error?.code == .untrustedChain)
        #expect(cache.validations == 2)
    }

    @Test("a new CRL listing the seal validates again and refuses it as revoked")
    func newRevocationList() async throws {
        let pki = try SealPKI()
        let cache = VerifiedChainCache()
        let revoked = RevokedCertificates([
            CertificateFingerprint.sha256(of: pki.root.certificate): [
                RevokedCertificates.serialHex(pki.leaf.serialNumber)
            ]
        ])

        _ = try await validate(cache, pki, with: pki.validator())
        let result = try await validate(cache, pki, with: pki.validator(revoked: revoked))
        #expect(result.error?.code == .revoked)
        #expect(cache.validations == 2)
        // The refusal is not cached: asked again, it is validated (and refused) again.
        #expect(
            try await validate(cache, pki, with: pki.validator(revoked: revoked)).error?.code == .revoked)
        #expect(cache.validations == 3)
    }

    @Test("a cached chain is never used past its notAfter: it is validated again and refused as expired")
    func expired() async throws {
        let pki = try SealPKI(days: 1)
        let cache = VerifiedChainCache()

        #expect(try await validate(cache, pki, with: pki.validator()).isValid)
        let later = Date().addingTimeInterval(2 * 86400)
        let result = try await validate(cache, pki, with: pki.validator(), at: later)
        #expect(result.error?.code == .expired)
        #expect(cache.validations == 2)
    }
}
