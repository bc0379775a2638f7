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

/// Sub-units that send and receive through a member's connection. Art. 3.3: the platform connects the document
/// systems of agencies and organisations; Art. 8.2.b: a ministry's or province's system connects its own units — so a
/// department without a connection of its own sends and receives as itself through the city's system, and only there.
@Suite("Exchange: represented units act through their parent's connection (Art. 3.3, 8.2.b)", .serialized)
struct ExchangeRepresentedUnitTests {
    /// Sở Tư pháp Hà Nội, registered under the city's document system (member 000.00.00.H26).
    static let department = DevelopmentMember(
        organisationID: "000.00.12.H26", name: "Sở Tư pháp Thành phố Hà Nội", signingAlgorithm: .ecdsaP256SHA256)
    static let city = TestPlatform.recipient

    /// Registers the department under the city and waits until Exchange holds the configuration that publishes it.
    static func registerDepartment(in platform: TestPlatform) async throws {
        _ = try await platform.operatorClient.central {
            try await $0.registerRepresentedUnit(
                .with {
                    $0.unit = .with {
                        $0.organisationID = department.organisationID
                        $0.parentOrganisationID = city.organisationID
                        $0.displayName = department.name
                        $0.reason = "Công văn 123/UBND-KSTT"
                    }
                })
        }
        try await platform.waitForExchangeConfiguration()
    }

    /// `member`'s system calling Exchange for `unit` (`vdxp-acting-for`).
    static func client(_ member: DevelopmentMember, actingFor unit: String, in platform: TestPlatform)
        -> PlatformClient
    {
        var client = platform.member(member)
        client.actingFor = unit
        return client
    }

    /// Sends `messages` through `client`.
    static func send(_ messages: [Vdxp_Exchange_V1_SendDocumentRequest], through client: PlatformClient) async throws
        -> Vdxp_Exchange_V1_SendDocumentResponse
    {
        try await client.exchange { exchange in
            try await exchange.sendDocument(
                request: StreamingClientRequest { writer in try await writer.write(contentsOf: messages) }
            ) { try $0.message }
        }
    }

    @Test("the city's system sends for its department, sealed with the city's seal; the recipient sees the department")
    func sendsAsTheUnit() async throws {
        try await TestPlatform.with { platform in
            try await Self.registerDepartment(in: platform)
            let header = TestPlatform.header(number: "2101", from: Self.department, to: [TestPlatform.sender])
            let sent = try await Self.send(
                try platform.messages(header, signedBy: Self.city),
                through: Self.client(Self.city, actingFor: Self.department.organisationID, in: platform))
            #expect(sent.document.senderOrganisationID == Self.department.organisationID)

            let delivered = try await platform.receiveAll(as: TestPlatform.sender)
            #expect(delivered.map(\.documentID) == [header.documentID])
            #expect(delivered.first?.senderOrganisationID == Self.department.organisationID)
            let sentByCity = try await platform.member(Self.city).exchange {
                try await $0.listSentDocuments(.with { $0.pageSize = 10 }).documents
            }
            #expect(sentByCity.isEmpty, "the document is the department's, not the city's own")
            let sentByDepartment = try await Self.client(
                Self.city, actingFor: Self.department.organisationID, in: platform
            ).exchange { try await $0.listSentDocuments(.with { $0.pageSize = 10 }).documents }
            #expect(sentByDepartment.map(\.documentID) == [header.documentID])
        }
    }

    @Test("a document to the department waits in its own inbox, fetched, acknowledged and reported through the city")
    func receivesAsTheUnit() async throws {
        try await TestPlatform.with { platform in
            try await Self.registerDepartment(in: platform)
            let header = TestPlatform.header(number: "2102", to: [Self.department])
            try await platform.sendDocument(header)

            #expect(try await platform.inbox(of: Self.city).isEmpty, "the city's own inbox never holds its units'")
            let department = Self.client(Self.city, actingFor: Self.department.organisationID, in: platform)
            let waiting = try await department.exchange {
                try await $0.fetchInbox(.with { $0.maxDeliveries = 10 }).deliveries
            }
            #expect(waiting.map(\.documentID) == [header.documentID])
            let delivery = try #require(waiting.first)
            _ = try await department.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            _ = try await department.exchange {
                try await $0.updateDocumentStatus(
                    .with {
                        $0.documentID = header.documentID
                        $0.status = .registered
                        $0.handler = TestPlatform.clerk
                    })
            }
            let seen = try await platform.document(header.documentID, as: TestPlatform.sender)
            let copy = try #require(seen.recipients.first)
            #expect(copy.recipientOrganisationID == Self.department.organisationID)
            #expect(copy.deliveryState == .acknowledged)
            #expect(copy.status == .registered)
        }
    }

    @Test(
        "the department seals with its own registered seal and its director signs: legally valid; no connection of its own"
    )
    func sealsWithItsOwnSeal() async throws {
        try await TestPlatform.with { platform in
            try await Self.registerDepartment(in: platform)
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            let issuer = try CertificateIssuer(
                certificate: memberCA, key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
            func person(_ common: String) throws -> (SigningKey, Certificate) {
                let key = try SigningKey(generating: .p256)
                let certificate = try issuer.issue(
                    publicKey: key.publicKey,
                    subject: try DistinguishedName {
                        OrganizationName(Self.department.name)
                        CommonName(common)
                    },
                    keyUsage: KeyUsage(digitalSignature: true, nonRepudiation: true))
                return (key, certificate)
            }
            let (sealKey, seal) = try person("\(Self.department.organisationID) seal")
            let header = TestPlatform.header(number: "2105", from: Self.department, to: [TestPlatform.sender])
            let (signerKey, signer) = try person(header.signer.fullName)

            // The operator registers the department's seal under the department's own id (Art. 11.2).
            let registered = try await platform.operatorClient.central {
                try await $0.addMemberCertificate(
                    .with {
                        $0.organisationID = Self.department.organisationID
                        $0.certificateDer = Data(seal.derEncodedBytes)
                        $0.usage = .signing
                    })
            }
            #expect(registered.usage == .signing)
            // A unit has no connection of its own: it is reached through its parent's.
            let connection = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = Self.department.organisationID
                            $0.certificateDer = Data(
                                try issuer.issue(
                                    publicKey: try SigningKey(generating: .p256).publicKey,
                                    subject: try DistinguishedName { CommonName("000.00.12.H26 connection") },
                                    keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth]
                                ).derEncodedBytes)
                            $0.usage = .connection
                        })
                }
            }
            #expect(connection?.code == .failedPrecondition)
            #expect(connection?.message.contains(Self.city.organisationID) == true, "names the parent to connect")
            try await platform.waitForExchangeConfiguration()

            let builder = SignedDocumentBuilder(header: header, attachments: [])
            let document = try builder.signedDocument(signers: [
                .init(key: signerKey, algorithm: .ecdsaP256SHA256, chain: [signer, memberCA]),
                .init(key: sealKey, algorithm: .ecdsaP256SHA256, chain: [seal, memberCA]),
            ])
            let sent = try await Self.send(
                builder.messages(for: document),
                through: Self.client(Self.city, actingFor: Self.department.organisationID, in: platform))
            #expect(sent.document.senderOrganisationID == Self.department.organisationID)
            #expect(sent.document.legalValue == .legallyValid, "\(sent.document.legalValueReason)")

            // The department's seal is not the city's: the city's own documents cannot carry it.
            let cityHeader = TestPlatform.header(number: "2106", from: Self.city, to: [TestPlatform.sender])
            let cityBuilder = SignedDocumentBuilder(header: cityHeader, attachments: [])
            let foreign = await #expect(throws: RPCError.self) {
                try await Self.send(
                    cityBuilder.messages(
                        for: try cityBuilder.signedDocument(signers: [
                            .init(key: sealKey, algorithm: .ecdsaP256SHA256, chain: [seal, memberCA])
                        ])),
                    through: platform.member(Self.city))
            }
            #expect(foreign != nil, "another organisation's seal alone is refused")
        }
    }

    @Test(
        "refused: a unit not registered under the caller, another member acting for it, empty metadata; a unit whose parent is cut off cannot receive; a removed unit is no recipient"
    )
    func refusals() async throws {
        try await TestPlatform.with { platform in
            let unregistered = await #expect(throws: RPCError.self) {
                try await Self.client(Self.city, actingFor: Self.department.organisationID, in: platform).exchange {
                    try await $0.fetchInbox(.with { $0.maxDeliveries = 1 })
                }
            }
            #expect(unregistered?.code == .permissionDenied)
            #expect(unregistered?.message.contains("RegisterRepresentedUnit") == true)

            try await Self.registerDepartment(in: platform)
            let stranger = await #expect(throws: RPCError.self) {
                try await Self.client(TestPlatform.stranger, actingFor: Self.department.organisationID, in: platform)
                    .exchange { try await $0.fetchInbox(.with { $0.maxDeliveries = 1 }) }
            }
            #expect(stranger?.code == .permissionDenied, "only the parent's system acts for its unit")
            let empty = await #expect(throws: RPCError.self) {
                try await Self.client(Self.city, actingFor: "", in: platform).exchange {
                    try await $0.fetchInbox(.with { $0.maxDeliveries = 1 })
                }
            }
            #expect(empty?.code == .invalidArgument)

            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = Self.city.organisationID
                        $0.incident = "Mã độc trên máy chủ bảo mật"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let cutOff = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "2103", to: [Self.department]))
            }
            #expect(cutOff?.code == .failedPrecondition, "a unit is connected exactly while its parent is")
            #expect(cutOff?.message.contains(Self.department.organisationID) == true)

            _ = try await platform.operatorClient.central {
                try await $0.removeRepresentedUnit(
                    .with {
                        $0.organisationID = Self.department.organisationID
                        $0.reason = "sáp nhập"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let removed = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "2104", to: [Self.department]))
            }
            #expect(removed?.code == .failedPrecondition)
            #expect(removed?.message.contains("nor a unit registered under one") == true)
        }
    }
}
