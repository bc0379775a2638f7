import SwiftASN1
import Testing
import VDXPTrust
import X509

@Suite("Certificate fingerprints")
struct CertificateFingerprintTests {
    @Test("the fingerprint is 64 lowercase hex characters and equals OpenSSL's SHA-256 fingerprint")
    func matchesOpenSSL() throws {
        let certificate = try #require(try PEM.certificates(fromPEM: Fixtures.certificate).first)
        let fingerprint = CertificateFingerprint.sha256(of: certificate)

        #expect(fingerprint == Fixtures.certificateFingerprint)
        #expect(fingerprint.count == 64)
        #expect(CertificateFingerprint.isWellFormed(fingerprint))
    }

    @Test("the fingerprint is stable across PEM round trips and equals the fingerprint of the DER bytes")
    func stable() throws {
        let certificate = try #require(try PEM.certificates(fromPEM: Fixtures.certificate).first)
        let reparsed = try #require(try PEM.certificates(fromPEM: PEM.pemString(for: certificate)).first)

        #expect(CertificateFingerprint.sha256(of: reparsed) == CertificateFingerprint.sha256(of: certificate))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        #expect(CertificateFingerprint.sha256(ofDER: serializer.serializedBytes) == Fixtures.certificateFingerprint)
    }

    @Test("different certificates have different fingerprints")
    func distinct() throws {
        let authority = try CertificateIssuer.selfSignedAuthority(
            subject: testName("CA"), key: SigningKey(generating: .p256))
        let key = try SigningKey(generating: .p256)
        let first = try authority.issue(
            publicKey: key.publicKey, subject: testName("leaf"), keyUsage: KeyUsage(digitalSignature: true))
        let second = try authority.issue(
            publicKey: key.publicKey, subject: testName("leaf"), keyUsage: KeyUsage(digitalSignature: true))

        #expect(CertificateFingerprint.sha256(of: first) != CertificateFingerprint.sha256(of: second))
    }

    @Test(
        "fingerprints with capitals, colons or the wrong length are not well formed",
        arguments: [
            "", "226BCF0CC3B9C26B16BAB43CD838478429F2A160CAA4AF6B3F7692A526F2DF84",
            "22:6b:cf:0c", "226bcf0cc3b9c26b16bab43cd838478429f2a160caa4af6b3f7692a526f2df8",
            "226bcf0cc3b9c26b16bab43cd838478429f2a160caa4af6b3f7692a526f2df8g",
        ])
    func malformed(fingerprint: String) {
        #expect(!CertificateFingerprint.isWellFormed(fingerprint))
    }
}
