import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPTrust
import X509

/// Legal value (Art. 11). 11.1: "signed by the competent person and by the agency or organisation … has the legal
/// value of the paper original". 11.2: "a document that does not meet the signing conditions of clause 1 … has value
/// only to know and consult information, and does not replace the paper document" — so it is carried, marked, and the
/// mark says why; a platform may instead refuse it by a documented policy.
@Suite("Exchange legal value: unsealed, joint and countersigned documents (Art. 11)", .serialized)
struct ExchangeLegalValueTests {
    /// A person of `organisation` with their own certificate from the members' CA (`CN=` the name, `O=` the
    /// organisation), e.g. the head of office who countersigns.
    static func person(
        named name: String, of organisation: String, in platform: TestPlatform
    ) throws -> SignedDocumentBuilder.Signer {
        let authority = try #require(try PEM.loadCertificateChain(pemFile: platform.pki.memberCA).first)
        let issuer = try CertificateIssuer(
            certificate: authority, key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
        let key = try SigningKey(generating: .p256)
        let certificate = try issuer.issue(
            publicKey: key.publicKey,
            subject: try DistinguishedName {
                OrganizationName(organisation)
                CommonName(name)
            },
            keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true))
        return SignedDocumentBuilder.Signer(key: key, algorithm: .ecdsaP256SHA256, chain: [certificate, authority])
    }

    /// A joint document of the sender and `coIssuer` (văn bản liên tịch), to the recipient.
    static func jointHeader(number: String, coIssuer: DevelopmentMember) -> Vdxp_Exchange_V1_DocumentHeader {
        var header = TestPlatform.header(number: number)
        header.jointIssuers = [
            .with {
                $0.organisation = .with {
                    $0.organisationID = coIssuer.organisationID
                    $0.name = coIssuer.name
                }
                $0.signer = .with {
                    $0.position = "Chủ tịch"
                    $0.fullName = coIssuer.signerFullName
                }
            }
        ]
        return header
    }

    @Test("signed by the competent signer without the organisation's seal: carried for reference only, saying why")
    func unsealedIsCarriedForReference() async throws {
        try await TestPlatform.with { platform in
            let person = try ExchangeSignerTests.person(of: TestPlatform.sender, in: platform)
            let header = TestPlatform.header(number: "1101")
            let sent = try await platform.send(try ExchangeSignerTests.messages(header, signedBy: [person]))
            #expect(sent.document.legalValue == .referenceOnly)
            #expect(sent.document.legalValueReason.contains("no signature of the sending organisation's seal"))
            let delivered = try await platform.receiveAll(as: TestPlatform.recipient)
            #expect(delivered.map(\.documentID) == [header.documentID], "carried to its recipient")
            let received = try await platform.document(header.documentID, as: TestPlatform.recipient)
            #expect(received.legalValue == .referenceOnly)
            #expect(received.legalValueReason == sent.document.legalValueReason, "the recipient sees why, too")
        }
    }

    @Test("with the policy `refuse`, an unsealed document is refused asking for the seal's registration")
    func unsealedIsRefusedByPolicy() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_UNSEALED_DOCUMENTS": "refuse"]) { platform in
            let person = try ExchangeSignerTests.person(of: TestPlatform.sender, in: platform)
            let error = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try ExchangeSignerTests.messages(TestPlatform.header(number: "1102"), signedBy: [person]))
            }
            #expect(error?.code == .permissionDenied)
            #expect(error?.message.contains("register your seal certificate") == true)
        }
    }

    @Test("a joint document signed by each co-issuer's seal and competent signer is legally valid")
    func jointDocumentIsLegallyValid() async throws {
        try await TestPlatform.with { platform in
            let signers = [
                try ExchangeSignerTests.person(of: TestPlatform.sender, in: platform),
                try ExchangeSignerTests.seal(of: TestPlatform.sender, in: platform),
                try ExchangeSignerTests.seal(of: TestPlatform.stranger, in: platform),
                try ExchangeSignerTests.person(of: TestPlatform.stranger, in: platform),
            ]
            let header = Self.jointHeader(number: "1103", coIssuer: TestPlatform.stranger)
            let sent = try await platform.send(try ExchangeSignerTests.messages(header, signedBy: signers))
            #expect(sent.document.legalValue == .legallyValid)
            #expect(sent.document.legalValueReason.isEmpty)
            #expect(
                sent.document.header.jointIssuers.map(\.organisation.organisationID) == [
                    TestPlatform.stranger.organisationID
                ])
        }
    }

    @Test("a joint document without a co-issuer's competent signer is for reference only, naming the co-issuer")
    func jointDocumentMissingACoSigner() async throws {
        try await TestPlatform.with { platform in
            let signers = [
                try ExchangeSignerTests.person(of: TestPlatform.sender, in: platform),
                try ExchangeSignerTests.seal(of: TestPlatform.sender, in: platform),
                try ExchangeSignerTests.seal(of: TestPlatform.stranger, in: platform),
            ]
            let header = Self.jointHeader(number: "1104", coIssuer: TestPlatform.stranger)
            let sent = try await platform.send(try ExchangeSignerTests.messages(header, signedBy: signers))
            #expect(sent.document.legalValue == .referenceOnly)
            #expect(
                sent.document.legalValueReason.contains(
                    "no signature of the competent signer '\(TestPlatform.stranger.signerFullName)' of joint issuer "
                        + TestPlatform.stranger.organisationID), "\(sent.document.legalValueReason)")
        }
    }

    @Test("a joint issuer must be another member: the sender naming itself is refused, naming the field")
    func jointIssuerIsAnotherMember() async throws {
        try await TestPlatform.with { platform in
            let header = Self.jointHeader(number: "1105", coIssuer: TestPlatform.sender)
            let error = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(header, withSignerSignature: true))
            }
            #expect(error?.code == .invalidArgument)
            #expect(
                HardeningTests.badRequestFields(error) == [
                    "document.header.joint_issuers[0].organisation.organisation_id"
                ])
        }
    }

    @Test("a countersignature by another person of the sending organisation is accepted and changes no legal value")
    func countersignature() async throws {
        try await TestPlatform.with { platform in
            let seal = try ExchangeSignerTests.seal(of: TestPlatform.sender, in: platform)
            let signer = try ExchangeSignerTests.person(of: TestPlatform.sender, in: platform)
            let headOfOffice = try Self.person(named: "Lê Thị Hoa", of: TestPlatform.sender.name, in: platform)

            let full = try await platform.send(
                try ExchangeSignerTests.messages(
                    TestPlatform.header(number: "1106"), signedBy: [signer, seal, headOfOffice]))
            #expect(full.document.legalValue == .legallyValid)
            let withoutSigner = try await platform.send(
                try ExchangeSignerTests.messages(TestPlatform.header(number: "1107"), signedBy: [seal, headOfOffice]))
            #expect(withoutSigner.document.legalValue == .referenceOnly, "a countersignature is not the signer's")

            // A person of an organisation that did not seal the document is no countersigner.
            let outsider = try Self.person(named: "Lê Thị Hoa", of: "Công ty TNHH Không Liên Quan", in: platform)
            let error = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try ExchangeSignerTests.messages(
                        TestPlatform.header(number: "1108"), signedBy: [signer, seal, outsider]))
            }
            #expect(error?.code == .invalidArgument)
            #expect(HardeningTests.badRequestFields(error) == ["document.signatures[2]"])
        }
    }
}
