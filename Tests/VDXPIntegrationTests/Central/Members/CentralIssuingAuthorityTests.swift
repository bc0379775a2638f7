import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Art. 7.3 with the way the government CA and the licensed public CAs work: end-entity certificates come from
/// subordinate (issuing) CAs, each publishing its own revocation list. The operator puts the issuing CA itself on the
/// trust list; Central then holds and distributes that CA's CRL like a root's, and a certificate it revokes is refused.
@Suite("Central: an issuing (intermediate) CA on the trust list, with its own CRL (Art. 7.3)", .serialized)
struct CentralIssuingAuthorityTests {
    @Test("a seal issued by a trusted issuing CA is accepted; once that CA's CRL revokes it, Exchange refuses it")
    func issuingAuthorityRevokes() async throws {
        try await TestPlatform.with { platform in
            let root = try CertificateIssuer(
                certificate: try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0],
                key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let issuingKey = try SigningKey(generating: .p256)
            let issuing = try CertificateIssuer(
                certificate: try root.issue(
                    publicKey: issuingKey.publicKey,
                    subject: try DistinguishedName { CommonName("VDXP Test Issuing CA G2") },
                    keyUsage: KeyUsage(keyCertSign: true, cRLSign: true), isCertificateAuthority: true),
                key: issuingKey)
            let added = try await platform.operatorClient.central {
                try await $0.addTrustedAuthority(
                    .with {
                        $0.certificateDer = Data(issuing.certificate.derEncodedBytes)
                        $0.displayName = "Issuing CA G2 (under the member CA)"
                        $0.category = .government
                    })
            }
            #expect(added.category == .government)

            let sender = TestPlatform.sender
            let sealKey = try SigningKey(generating: .p256)
            let seal = try issuing.issue(
                publicKey: sealKey.publicKey,
                subject: try DistinguishedName {
                    OrganizationName(sender.name)
                    CommonName("\(sender.organisationID) seal G2")
                },
                keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true))
            _ = try await platform.operatorClient.central {
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = sender.organisationID
                        $0.certificateDer = Data(seal.derEncodedBytes)
                        $0.usage = .signing
                    })
            }
            try await platform.waitForExchangeConfiguration()
            func messages(_ number: String) throws -> [Vdxp_Exchange_V1_SendDocumentRequest] {
                let builder = SignedDocumentBuilder(header: TestPlatform.header(number: number), attachments: [])
                return builder.messages(
                    for: try builder.signedDocument(signers: [
                        .init(key: sealKey, algorithm: .ecdsaP256SHA256, chain: [seal, issuing.certificate])
                    ]))
            }
            #expect(try await platform.send(try messages("901")).document.legalValue == .referenceOnly)

            // The issuing CA revokes the seal; its CRL is taken in as any trusted authority's.
            let list = try await platform.operatorClient.central {
                try await $0.uploadRevocationList(
                    .with {
                        $0.crlDer = Data(try issuing.issueRevocationList(revoking: [seal.serialNumber], number: 1))
                    })
            }
            #expect(list.authorityFingerprintSha256 == added.fingerprintSha256)
            try await platform.waitForExchangeConfiguration()
            let refused = await #expect(throws: RPCError.self) { try await platform.send(try messages("902")) }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.message.contains("revoked") == true, "\(refused?.message ?? "")")
        }
    }
}
