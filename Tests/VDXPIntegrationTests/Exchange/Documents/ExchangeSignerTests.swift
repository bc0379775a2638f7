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

/// Who signed (Art. 11.1): "signed by the competent person and by the agency or organisation". Each certificate signs
/// once, and the competent signer is a person of the sending organisation — not anyone who bears the same name.
@Suite("Exchange signers (Art. 11)", .serialized)
struct ExchangeSignerTests {
    /// The organisation's seal of `member` (its registered signing certificate), as a signer of a document.
    static func seal(of member: DevelopmentMember, in platform: TestPlatform) throws -> SignedDocumentBuilder.Signer {
        let paths = try #require(platform.pki.members[member.organisationID])
        return SignedDocumentBuilder.Signer(
            key: try PEM.loadSigningKey(pemFile: paths.signingKey), algorithm: paths.signingAlgorithm,
            chain: try PEM.loadCertificateChain(pemFile: paths.signingChain))
    }

    /// The personal certificate of `member`'s competent signer (`CN=` its name, `O=` the organisation).
    static func person(of member: DevelopmentMember, in platform: TestPlatform) throws -> SignedDocumentBuilder.Signer {
        let paths = try #require(platform.pki.members[member.organisationID])
        return SignedDocumentBuilder.Signer(
            key: try PEM.loadSigningKey(pemFile: try #require(paths.signerKey)), algorithm: .ecdsaP256SHA256,
            chain: try PEM.loadCertificateChain(pemFile: try #require(paths.signerChain)))
    }

    /// `header` signed by `signers`, in order, as the messages of a send.
    static func messages(
        _ header: Vdxp_Exchange_V1_DocumentHeader, signedBy signers: [SignedDocumentBuilder.Signer]
    ) throws -> [Vdxp_Exchange_V1_SendDocumentRequest] {
        let builder = SignedDocumentBuilder(header: header, attachments: [])
        return builder.messages(for: try builder.signedDocument(signers: signers))
    }

    @Test("the same seal signature sent twice is refused, naming the repeated signature")
    func sealTwice() async throws {
        try await TestPlatform.with { platform in
            let seal = try Self.seal(of: TestPlatform.sender, in: platform)
            let header = TestPlatform.header(number: "801")
            let error = await #expect(throws: RPCError.self) {
                try await platform.send(try Self.messages(header, signedBy: [seal, seal]))
            }
            #expect(error?.code == .invalidArgument)
            #expect(HardeningTests.badRequestFields(error) == ["document.signatures[1]"])
            #expect(error?.message.contains("repeats document.signatures[0]") == true, "\(error?.message ?? "")")
        }
    }

    @Test("the competent signer signing twice is refused too")
    func signerTwice() async throws {
        try await TestPlatform.with { platform in
            let person = try Self.person(of: TestPlatform.sender, in: platform)
            let seal = try Self.seal(of: TestPlatform.sender, in: platform)
            let header = TestPlatform.header(number: "802")
            let error = await #expect(throws: RPCError.self) {
                try await platform.send(try Self.messages(header, signedBy: [person, seal, person]))
            }
            #expect(error?.code == .invalidArgument)
            #expect(HardeningTests.badRequestFields(error) == ["document.signatures[2]"])
        }
    }

    @Test("a person of another organisation bearing the signer's name leaves the document for reference only")
    func namesakeOfAnotherOrganisation() async throws {
        try await TestPlatform.with { platform in
            // Both organisations' competent signers are called Trần Văn Bình; only the sender's is its signer.
            #expect(TestPlatform.stranger.signerFullName == TestPlatform.sender.signerFullName)
            let seal = try Self.seal(of: TestPlatform.sender, in: platform)
            let namesake = try Self.person(of: TestPlatform.stranger, in: platform)
            let own = try Self.person(of: TestPlatform.sender, in: platform)

            let borrowed = TestPlatform.header(number: "803")
            let sent = try await platform.send(try Self.messages(borrowed, signedBy: [namesake, seal]))
            #expect(sent.document.legalValue == .referenceOnly)

            let signed = TestPlatform.header(number: "804")
            let valid = try await platform.send(try Self.messages(signed, signedBy: [own, seal]))
            #expect(valid.document.legalValue == .legallyValid)
        }
    }

    @Test(
        "a seal naming its province binds only signers of that province: Sở Tài chính Đà Nẵng's director is not Hà Nội's"
    )
    func signerOfTheSameOrganisationElsewhere() async throws {
        try await TestPlatform.with { platform in
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            let issuer = try CertificateIssuer(
                certificate: memberCA, key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let signerName = TestPlatform.header(number: "0").signer.fullName
            /// A certificate of Sở Tài chính in `province`, for `common`, as a signer of a document.
            func certificate(_ common: String, province: String?) throws -> (SignedDocumentBuilder.Signer, Certificate)
            {
                let key = try SigningKey(generating: .p256)
                let certificate = try issuer.issue(
                    publicKey: key.publicKey,
                    subject: try DistinguishedName {
                        CountryName("VN")
                        if let province { StateOrProvinceName(province) }
                        OrganizationName("Sở Tài chính")
                        CommonName(common)
                    },
                    keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true))
                return (.init(key: key, algorithm: .ecdsaP256SHA256, chain: [certificate, memberCA]), certificate)
            }
            let (seal, sealCertificate) = try certificate("Sở Tài chính Hà Nội", province: "Hà Nội")
            _ = try await platform.operatorClient.central {
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = TestPlatform.sender.organisationID
                        $0.certificateDer = Data(sealCertificate.derEncodedBytes)
                        $0.usage = .signing
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let (elsewhere, _) = try certificate(signerName, province: "Đà Nẵng")
            let (nowhere, _) = try certificate(signerName, province: nil)
            let (own, _) = try certificate(signerName, province: "Hà Nội")

            let fromDaNang = try await platform.send(
                try Self.messages(TestPlatform.header(number: "805"), signedBy: [elsewhere, seal]))
            #expect(fromDaNang.document.legalValue == .referenceOnly, "the same O= in another province")
            #expect(fromDaNang.document.legalValueReason.contains("L= and ST="))
            let noPlace = try await platform.send(
                try Self.messages(TestPlatform.header(number: "806"), signedBy: [nowhere, seal]))
            #expect(noPlace.document.legalValue == .referenceOnly, "a certificate that leaves out the seal's province")
            let valid = try await platform.send(
                try Self.messages(TestPlatform.header(number: "807"), signedBy: [own, seal]))
            #expect(valid.document.legalValue == .legallyValid, "\(valid.document.legalValueReason)")
        }
    }
}
