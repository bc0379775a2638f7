import Foundation
import Testing
import VDXPTrust
import X509

@Suite("Certificate revocation lists (RFC 5280 § 5; Art. 7.3, 14.1)")
struct CertificateRevocationListTests {
    /// A CA and two leaves it issued.
    struct Authority {
        let ca: CertificateIssuer
        let revokedLeaf: Certificate
        let goodLeaf: Certificate

        init(_ keyType: SignatureAlgorithm.KeyType = .p384, name: String = "Test Government CA") throws {
            let ca = try CertificateIssuer.selfSignedAuthority(
                subject: testName(name), key: SigningKey(generating: keyType))
            self.ca = ca
            self.revokedLeaf = try Self.leaf("Revoked seal", from: ca)
            self.goodLeaf = try Self.leaf("Good seal", from: ca)
        }

        static func leaf(_ name: String, from ca: CertificateIssuer) throws -> Certificate {
            try ca.issue(
                publicKey: try SigningKey(generating: .p256).publicKey, subject: testName(name),
                keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true))
        }
    }

    @Test(
        "a CRL the CA issues reads back: issuer, times, number and revoked serial numbers",
        arguments: [SignatureAlgorithm.KeyType.p256, .p384, .rsa])
    func roundTrip(keyType: SignatureAlgorithm.KeyType) throws {
        let authority = try Authority(keyType)
        let issued = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
        let der = try authority.ca.issueRevocationList(
            revoking: [authority.revokedLeaf.serialNumber], thisUpdate: issued, number: 42)
        let crl = try CertificateRevocationList(derEncoded: der)
        #expect(crl.issuer == authority.ca.certificate.subject)
        #expect(crl.thisUpdate == issued)
        #expect(crl.nextUpdate == issued.addingTimeInterval(7 * 86_400))
        #expect(crl.number == 42)
        #expect(crl.revokedSerialNumbers == [RevokedCertificates.serialHex(authority.revokedLeaf.serialNumber)])
        try crl.verify(issuedBy: authority.ca.certificate)
    }

    @Test("an empty CRL without nextUpdate reads back empty")
    func emptyList() throws {
        let authority = try Authority()
        let crl = try CertificateRevocationList(
            derEncoded: try authority.ca.issueRevocationList(revoking: [], nextUpdateAfter: nil, number: 1))
        #expect(crl.revokedSerialNumbers.isEmpty)
        #expect(crl.nextUpdate == nil)
        try crl.verify(issuedBy: authority.ca.certificate)
    }

    @Test("a CRL signed by another CA is refused, even under the same name")
    func signedByAnother() throws {
        let genuine = try Authority()
        let impostor = try CertificateIssuer.selfSignedAuthority(
            subject: genuine.ca.certificate.subject, key: SigningKey(generating: .p384))
        let forged = try CertificateRevocationList(
            derEncoded: try impostor.issueRevocationList(revoking: [genuine.goodLeaf.serialNumber]))
        #expect(throws: TrustError.self) { try forged.verify(issuedBy: genuine.ca.certificate) }
        let other = try Authority(name: "Another CA")
        let foreign = try CertificateRevocationList(derEncoded: try other.ca.issueRevocationList(revoking: []))
        let error = #expect(throws: TrustError.self) { try foreign.verify(issuedBy: genuine.ca.certificate) }
        #expect(error?.code == .untrustedChain)
    }

    @Test("a changed byte in the signed part breaks the signature")
    func tampered() throws {
        let authority = try Authority()
        var der = try authority.ca.issueRevocationList(revoking: [authority.revokedLeaf.serialNumber])
        // The last byte of the revoked serial number, inside tbsCertList.
        let serial = Array(authority.revokedLeaf.serialNumber.bytes)
        let start = (0..<(der.count - serial.count)).first { Array(der[$0..<($0 + serial.count)]) == serial }!
        der[start + serial.count - 1] ^= 0x01
        let crl = try CertificateRevocationList(derEncoded: der)
        let error = #expect(throws: TrustError.self) { try crl.verify(issuedBy: authority.ca.certificate) }
        #expect(error?.code == .invalidSignature)
    }

    @Test("bytes that are not a CRL are refused as malformed, naming what to send")
    func malformed() {
        for bytes: [UInt8] in [[], [0x30, 0x00], Array("-----BEGIN X509 CRL-----".utf8)] {
            let error = #expect(throws: TrustError.self) { try CertificateRevocationList(derEncoded: bytes) }
            #expect(error?.code == .malformed)
        }
    }

    @Test("the chain validator refuses a leaf its CA revoked, and only that one")
    func validatorRefusesRevoked() async throws {
        let authority = try Authority()
        let crl = try CertificateRevocationList(
            derEncoded: try authority.ca.issueRevocationList(revoking: [authority.revokedLeaf.serialNumber]))
        let revoked = RevokedCertificates([
            CertificateFingerprint.sha256(of: authority.ca.certificate): Set(crl.revokedSerialNumbers)
        ])
        let validator = CertificateChainValidator(trustedRoots: [authority.ca.certificate], revoked: revoked)
        let refused = await validator.validate(
            leafFirst: [authority.revokedLeaf], at: Date(), purpose: .documentSigning)
        #expect(refused.error?.code == .revoked)
        #expect(refused.error?.message.contains("revoked") == true)
        let accepted = await validator.validate(leafFirst: [authority.goodLeaf], at: Date(), purpose: .documentSigning)
        #expect(accepted.isValid)
        // Without the list, the revoked leaf validates: revocation comes only from the CRLs given.
        let unaware = CertificateChainValidator(trustedRoots: [authority.ca.certificate])
        #expect(
            await unaware.validate(leafFirst: [authority.revokedLeaf], at: Date(), purpose: .documentSigning).isValid)
    }

    @Test("serial numbers are written without leading zero bytes, lowercase")
    func serialHex() {
        #expect(RevokedCertificates.serialHex(bytes: [0x00, 0x8f, 0x0a]) == "8f0a")
        #expect(RevokedCertificates.serialHex(bytes: [0x00]) == "00")
        #expect(RevokedCertificates(["AB": ["0A"]]).serialsByAuthority == ["ab": ["0a"]])
    }
}
