import Foundation
import SwiftProtobuf
import Testing
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Exchange keeps the seals' chains it validated while the trust is the same (`VerifiedChainCache`). The trust is
/// named by what it is — the trusted authorities and the CRLs of the configuration copy — not by the configuration's
/// version: a retirement scheduled for later takes effect in a re-signed copy of the same version (Art. 7.3), and a
/// seal issued by the retired authority must be refused from then on.
@Suite("The trust of a configuration copy, as the chain cache names it", .timeLimit(.minutes(3)))
struct TrustDigestSnapshotTests {
    static let kept = try! authority("CA Chính phủ")
    static let retired = try! authority("CA công cộng")

    static func authority(_ name: String) throws -> CertificateIssuer {
        try CertificateIssuer.selfSignedAuthority(
            subject: DistinguishedName { CommonName(name) }, key: SigningKey(generating: .p256))
    }

    static func snapshot(
        version: Int64, authorities: [CertificateIssuer], revokedSerials: [String] = []
    ) throws -> GlobalConfigurationSnapshot {
        let configuration = Vdxp_Central_V1_GlobalConfiguration.with {
            $0.version = version
            $0.trustedAuthorities = authorities.map { issuer in
                .with { $0.certificateDer = Data(issuer.certificate.derEncodedBytes) }
            }
            if !revokedSerials.isEmpty {
                $0.revocationLists = [
                    .with {
                        $0.authorityFingerprintSha256 = CertificateFingerprint.sha256(of: kept.certificate)
                        $0.revokedSerialNumbers = revokedSerials
                    }
                ]
            }
        }
        return try GlobalConfigurationSnapshot(
            verified: .with { $0.configuration = try configuration.serializedBytes() })
    }

    @Test("the same authorities and CRLs name the same trust under any version; a change names another")
    func digests() throws {
        let both = try Self.snapshot(version: 7, authorities: [Self.kept, Self.retired])
        #expect(try Self.snapshot(version: 8, authorities: [Self.kept, Self.retired]).trustDigest == both.trustDigest)
        #expect(try Self.snapshot(version: 7, authorities: [Self.kept]).trustDigest != both.trustDigest)
        #expect(
            try Self.snapshot(version: 7, authorities: [Self.kept, Self.retired], revokedSerials: ["0a"]).trustDigest
                != both.trustDigest)
    }

    @Test("a seal validated while its authority was trusted is refused once a copy of the same version retires it")
    func retiredUnderTheSameVersion() async throws {
        let seal = try Self.retired.issue(
            publicKey: SigningKey(generating: .p256).publicKey,
            subject: DistinguishedName {
                OrganizationName("Văn phòng Chính phủ")
                CommonName("000.00.00.G22 seal")
            },
            keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true),
            notValidAfter: Date().addingTimeInterval(86_400))
        let cache = VerifiedChainCache()
        func validate(_ snapshot: GlobalConfigurationSnapshot) async throws -> ChainValidationResult {
            try await cache.validate(
                leafFirstDER: [Data(seal.derEncodedBytes)], at: Date(), purpose: .documentSigning,
                using: snapshot.memberCertificateValidator, trustDigest: snapshot.trustDigest
            ) { try $0.map { try PEM.certificate(fromDER: Array($0)) } }.result
        }
        #expect(try await validate(Self.snapshot(version: 7, authorities: [Self.kept, Self.retired])).isValid)
        let afterRetirement = try await validate(Self.snapshot(version: 7, authorities: [Self.kept]))
        #expect(afterRetirement.error?.code == .untrustedChain)
    }
}
