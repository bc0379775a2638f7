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

/// Certificates checked fully (Art. 6.5, 7, 14.1): a member's certificates come from the category of authority its
/// kind requires, and a certificate its authority revoked is refused everywhere — a connection at the call, a seal or
/// a signer at SendDocument — once the operator uploads the authority's CRL to Central.
@Suite("Certificates checked fully: authority categories and revocation (Art. 6.5, 7, 14.1)", .serialized)
struct CentralCertificateTrustTests {
    /// A public CA (category PUBLIC) made for the test, and the operator's request to trust it.
    static func publicCA() throws -> CertificateIssuer {
        try CertificateIssuer.selfSignedAuthority(
            subject: try DistinguishedName {
                OrganizationName("Công ty Chứng thực Ví dụ")
                CommonName("Example Public CA")
            },
            key: try SigningKey(generating: .p256))
    }

    /// A connection certificate for `organisationID` issued by `ca`.
    static func connectionCertificate(for organisationID: String, from ca: CertificateIssuer) throws -> Certificate {
        try ca.issue(
            publicKey: try SigningKey(generating: .p256).publicKey,
            subject: try DistinguishedName { CommonName("\(organisationID) connection") },
            keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth])
    }

    /// Uploads `crl` as the operator.
    static func upload(_ crl: [UInt8], to platform: TestPlatform) async throws -> Vdxp_Central_V1_RevocationList {
        try await platform.operatorClient.central {
            try await $0.uploadRevocationList(.with { $0.crlDer = Data(crl) })
        }
    }

    @Test("a State agency's certificate from a public CA is refused, an enterprise's accepted (Art. 6.5 over 7.2)")
    func categoryOfTheMembersKind() async throws {
        try await TestPlatform.with { platform in
            let publicCA = try Self.publicCA()
            let added = try await platform.operatorClient.central {
                try await $0.addTrustedAuthority(
                    .with {
                        $0.certificateDer = Data(publicCA.certificate.derEncodedBytes)
                        $0.displayName = "Example Public CA"
                        $0.category = .public
                    })
            }
            #expect(added.category == .public)
            let uncategorised = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addTrustedAuthority(
                        .with {
                            $0.certificateDer = Data(try Self.publicCA().certificate.derEncodedBytes)
                            $0.displayName = "No category"
                        })
                }
            }
            #expect(uncategorised?.code == .invalidArgument)

            // A ministry (a State agency, Art. 2.1) presents a public CA's certificate: refused.
            let agency = TestPlatform.sender.organisationID
            let wrong = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = agency
                            $0.certificateDer = Data(
                                try Self.connectionCertificate(for: agency, from: publicCA).derEncodedBytes)
                            $0.usage = .connection
                        })
                }
            }
            #expect(wrong?.code == .failedPrecondition)
            #expect(wrong?.message.contains("Art. 6.5") == true)
            #expect(wrong?.message.contains("AUTHORITY_CATEGORY_GOVERNMENT") == true)

            // An enterprise uses a public CA's certificate, not the government CA's.
            let enterprise = "0100109106"
            _ = try await platform.operatorClient.central {
                try await $0.createMember(
                    .with { $0.member = TestPlatform.application(enterprise, "Công ty Cổ phần Ví dụ") })
            }
            let registered = try await platform.operatorClient.central {
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = enterprise
                        $0.certificateDer = Data(
                            try Self.connectionCertificate(for: enterprise, from: publicCA).derEncodedBytes)
                        $0.usage = .connection
                    })
            }
            #expect(registered.usage == .connection)
            let governmentCA = try CertificateIssuer(
                certificate: try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0],
                key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            let governmentForEnterprise = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = enterprise
                            $0.certificateDer = Data(
                                try Self.connectionCertificate(for: enterprise, from: governmentCA).derEncodedBytes)
                            $0.usage = .connection
                        })
                }
            }
            #expect(governmentForEnterprise?.code == .failedPrecondition)
        }
    }

    @Test("a CRL signed by another CA than the one it names is refused, and so is a CRL that is not one")
    func foreignRevocationList() async throws {
        try await TestPlatform.with { platform in
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            // An impostor CA with the member CA's very name, but its own key.
            let impostor = try CertificateIssuer.selfSignedAuthority(
                subject: memberCA.subject, key: try SigningKey(generating: .p384))
            let forged = try impostor.issueRevocationList(
                revoking: [
                    try PEM.loadCertificateChain(
                        pemFile: platform.pki.members[TestPlatform.recipient.organisationID]!.connectionCertificate)[0]
                        .serialNumber
                ],
                number: 9)
            let refused = await #expect(throws: RPCError.self) { try await Self.upload(forged, to: platform) }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("does not verify") == true)

            let stranger = try Self.publicCA().issueRevocationList(revoking: [], number: 1)
            let untrusted = await #expect(throws: RPCError.self) { try await Self.upload(stranger, to: platform) }
            #expect(untrusted?.code == .failedPrecondition)

            let garbage = await #expect(throws: RPCError.self) {
                try await Self.upload([0x30, 0x03, 0x02, 0x01, 0x01], to: platform)
            }
            #expect(garbage?.code == .invalidArgument)

            let configuration = try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init())
            }
            let parsed = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
            #expect(parsed.revocationLists.isEmpty, "nothing refused reached the configuration")
        }
    }

    @Test("a revoked connection certificate is refused at the next call, at Central and at Exchange")
    func revokedConnection() async throws {
        try await TestPlatform.with { platform in
            let recipient = TestPlatform.recipient
            let own = Vdxp_Central_V1_GetMemberRequest.with { $0.organisationID = recipient.organisationID }
            _ = try await platform.member(recipient, service: platform.central).central { try await $0.getMember(own) }

            let paths = platform.pki.members[recipient.organisationID]!
            let crl = try DevelopmentPKI.memberRevocationList(
                platform.pki, revoking: [paths.connectionCertificate], number: 2)
            let published = try await Self.upload(crl, to: platform)
            let serial = try PEM.loadCertificateChain(pemFile: paths.connectionCertificate)[0].serialNumber
            #expect(published.revokedSerialNumbers == [RevokedCertificates.serialHex(serial)])
            #expect(published.crlNumber == 2)
            #expect(published.hasNextUpdate)

            let atCentral = await #expect(throws: RPCError.self) {
                try await platform.member(recipient, service: platform.central).central { try await $0.getMember(own) }
            }
            #expect(atCentral?.code == .unauthenticated)
            #expect(atCentral?.message.contains("revoked") == true)

            try await platform.waitForExchangeConfiguration()
            let atExchange = await #expect(throws: RPCError.self) {
                try await platform.member(recipient).exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(atExchange?.code == .unauthenticated)
            // Another member's connection is untouched.
            _ = try await platform.member(TestPlatform.sender, service: platform.central).central {
                try await $0.getMember(.with { $0.organisationID = TestPlatform.sender.organisationID })
            }

            // An older list (a lower CRL number) cannot undo the revocation.
            let older = try DevelopmentPKI.memberRevocationList(platform.pki, revoking: [], number: 1)
            let outdated = await #expect(throws: RPCError.self) { try await Self.upload(older, to: platform) }
            #expect(outdated?.code == .failedPrecondition)
        }
    }

    @Test("a document sealed with a revoked seal certificate is refused (Art. 14.1)")
    func revokedSeal() async throws {
        try await TestPlatform.with { platform in
            let sender = TestPlatform.sender
            try await platform.send(try platform.messages(TestPlatform.header(number: "901")))
            let crl = try DevelopmentPKI.memberRevocationList(
                platform.pki, revoking: [platform.pki.members[sender.organisationID]!.signingCertificate], number: 2)
            _ = try await Self.upload(crl, to: platform)
            try await platform.waitForExchangeConfiguration()
            let refused = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(TestPlatform.header(number: "902")))
            }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.message.contains("revoked") == true)
        }
    }

    @Test("a revoked competent signer's certificate does not yield LEGALLY_VALID: the document is refused")
    func revokedSigner() async throws {
        try await TestPlatform.with { platform in
            let sender = TestPlatform.sender
            let valid = try await platform.send(
                try platform.messages(TestPlatform.header(number: "911"), withSignerSignature: true))
            #expect(valid.document.legalValue == .legallyValid)
            let crl = try DevelopmentPKI.memberRevocationList(
                platform.pki, revoking: [platform.pki.members[sender.organisationID]!.signerCertificate!], number: 2)
            _ = try await Self.upload(crl, to: platform)
            try await platform.waitForExchangeConfiguration()
            let refused = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try platform.messages(TestPlatform.header(number: "912"), withSignerSignature: true))
            }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.message.contains("revoked") == true)
            // The seal alone still sends, for reference only.
            let sealOnly = try await platform.send(try platform.messages(TestPlatform.header(number: "913")))
            #expect(sealOnly.document.legalValue != .legallyValid)
        }
    }
}
