import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Central's registry and global configuration (Art. 6–9, 7.3), over mTLS against real PostgreSQL.
@Suite("Central registry and global configuration", .serialized)
struct CentralRegistryTests {
    @Test("the operator registers members with ids of QĐ 20/2020 form; bad and duplicate ids are refused")
    func registeringMembers() async throws {
        try await TestPlatform.with { platform in
            let created = try await platform.operatorClient.central {
                try await $0.createMember(
                    .with { $0.member = TestPlatform.application("0100109106", "Công ty Cổ phần Ví dụ") })
            }
            #expect(created.kind == .enterprise)
            #expect(created.state == .requested, "a new member has applied; it is not connected yet")
            #expect(created.connectionRequest.purpose == TestPlatform.application("x", "x").connectionRequest.purpose)
            let bad = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.createMember(.with { $0.member = TestPlatform.application("000.00.00.g22", "x") })
                }
            }
            #expect(bad?.code == .invalidArgument)
            #expect(bad?.message.contains("member.organisation_id") == true)
            let duplicate = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.createMember(.with { $0.member = TestPlatform.application("0100109106", "Lần hai") })
                }
            }
            #expect(duplicate?.code == .alreadyExists)
            let noApplication = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.createMember(
                        .with {
                            $0.member = .with {
                                $0.organisationID = "000.00.00.H01"
                                $0.displayName = "x"
                            }
                        })
                }
            }
            #expect(noApplication?.code == .invalidArgument)
            #expect(noApplication?.message.contains("connection_request") == true)

            let firstPage = try await platform.operatorClient.central {
                try await $0.listMembers(.with { $0.pageSize = 2 })
            }
            #expect(firstPage.members.map(\.organisationID) == ["000.00.00.G22", "000.00.00.H26"])
            let secondPage = try await platform.operatorClient.central {
                try await $0.listMembers(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = firstPage.nextPageToken
                    })
            }
            #expect(secondPage.members.map(\.organisationID) == ["000.00.00.H29", "0100109106"])
            #expect(secondPage.nextPageToken.isEmpty)
        }
    }

    @Test("members may read only their own record and may not change the registry")
    func membersAreNotOperators() async throws {
        try await TestPlatform.with { platform in
            let asMember = platform.member(TestPlatform.sender, service: platform.central)
            let own = try await asMember.central {
                try await $0.getMember(.with { $0.organisationID = TestPlatform.sender.organisationID })
            }
            #expect(own.certificates.count == 2)
            let other = await #expect(throws: RPCError.self) {
                try await asMember.central {
                    try await $0.getMember(.with { $0.organisationID = TestPlatform.recipient.organisationID })
                }
            }
            #expect(other?.code == .permissionDenied)
            let refusals:
                [(
                    String,
                    @Sendable (Vdxp_Central_V1_CentralService.Client<HTTP2ClientTransport.Posix>) async throws -> Void
                )] = [
                    (
                        "CreateMember",
                        {
                            _ = try await $0.createMember(
                                .with {
                                    $0.member = .with {
                                        $0.organisationID = "000.00.00.H01"
                                        $0.displayName = "x"
                                    }
                                })
                        }
                    ),
                    ("ListMembers", { _ = try await $0.listMembers(.init()) }),
                    ("StartTrial", { _ = try await $0.startTrial(.with { $0.organisationID = "000.00.00.H26" }) }),
                    (
                        "MakeOfficial",
                        {
                            _ = try await $0.makeOfficial(
                                .with {
                                    $0.organisationID = "000.00.00.G22"
                                    $0.reason = "x"
                                })
                        }
                    ),
                    (
                        "CutOffMember",
                        {
                            _ = try await $0.cutOffMember(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.incident = "x"
                                })
                        }
                    ),
                    (
                        "ReconnectMember",
                        {
                            _ = try await $0.reconnectMember(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.remediationAssessment = "x"
                                })
                        }
                    ),
                    (
                        "CloseOrganisationId",
                        {
                            _ = try await $0.closeOrganisationId(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.successorOrganisationID = "000.00.00.H29"
                                    $0.reason = "x"
                                })
                        }
                    ),
                    (
                        "SuspendMember of another member",
                        {
                            _ = try await $0.suspendMember(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.reason = "x"
                                    $0.expectedResumeDate = "2099-01-01"
                                })
                        }
                    ),
                    (
                        "ResumeMember of another member",
                        { _ = try await $0.resumeMember(.with { $0.organisationID = "000.00.00.H26" }) }
                    ),
                    (
                        "ScheduleEndpointChange of another member",
                        {
                            _ = try await $0.scheduleEndpointChange(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.endpoint = .with {
                                        $0.address = "x"
                                        $0.effectiveDate = "2099-01-01"
                                    }
                                })
                        }
                    ),
                    ("ListAuditEvents", { _ = try await $0.listAuditEvents(.init()) }),
                    (
                        "AddMemberCertificate",
                        {
                            _ = try await $0.addMemberCertificate(
                                .with {
                                    $0.organisationID = "000.00.00.G22"
                                    $0.usage = .signing
                                })
                        }
                    ),
                    (
                        "RemoveMemberCertificate",
                        {
                            _ = try await $0.removeMemberCertificate(
                                .with {
                                    $0.organisationID = "000.00.00.H26"
                                    $0.fingerprintSha256 = String(repeating: "0", count: 64)
                                })
                        }
                    ),
                    ("AddTrustedAuthority", { _ = try await $0.addTrustedAuthority(.with { $0.displayName = "x" }) }),
                    (
                        "UploadRevocationList",
                        { _ = try await $0.uploadRevocationList(.with { $0.crlDer = Data([0x30]) }) }
                    ),
                    (
                        "RetireTrustedAuthority",
                        {
                            _ = try await $0.retireTrustedAuthority(
                                .with {
                                    $0.fingerprintSha256 = String(repeating: "0", count: 64)
                                    $0.reason = "x"
                                })
                        }
                    ),
                ]
            for (method, call) in refusals {
                let error = await #expect(throws: RPCError.self, "\(method) by a member") {
                    try await asMember.central { try await call($0) }
                }
                #expect(error?.code == .permissionDenied, "\(method)")
            }
            // A platform service is not the operator either.
            let asService = platform.service("exchange", address: platform.central)
            let serviceError = await #expect(throws: RPCError.self) {
                try await asService.central { try await $0.listMembers(.init()) }
            }
            #expect(serviceError?.code == .permissionDenied)
        }
    }

    @Test("a certificate is registered only if it chains to a trusted authority and its member exists")
    func certificateRegistration() async throws {
        try await TestPlatform.with { platform in
            let rogueCA = try CertificateIssuer.selfSignedAuthority(
                subject: try DistinguishedName { CommonName("Rogue CA") }, key: try SigningKey(generating: .p256))
            let rogueLeaf = try rogueCA.issue(
                publicKey: try SigningKey(generating: .p256).publicKey,
                subject: try DistinguishedName { CommonName("rogue") },
                keyUsage: KeyUsage(digitalSignature: true))
            let untrusted = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = TestPlatform.sender.organisationID
                            $0.certificateDer = Data(rogueLeaf.derEncodedBytes)
                            $0.usage = .signing
                        })
                }
            }
            #expect(untrusted?.code == .failedPrecondition)
            let notDER = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = TestPlatform.sender.organisationID
                            $0.certificateDer = Data("-----BEGIN CERTIFICATE-----".utf8)
                            $0.usage = .signing
                        })
                }
            }
            #expect(notDER?.code == .invalidArgument)
            let memberCA = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
            let notACA = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.addTrustedAuthority(
                        .with {
                            $0.certificateDer = Data(rogueLeaf.derEncodedBytes)
                            $0.displayName = "not a CA"
                        })
                }
            }
            #expect(notACA?.code == .invalidArgument)
            let listed = try await platform.operatorClient.central { try await $0.listTrustedAuthorities(.init()) }
            #expect(listed.trustedAuthorities.map(\.fingerprintSha256) == [CertificateFingerprint.sha256(of: memberCA)])
        }
    }

    @Test("the global configuration is signed by the anchor key, versioned, expiring, and a changed byte breaks it")
    func globalConfigurationSignature() async throws {
        try await TestPlatform.with { platform in
            let anchor = try PEM.loadCertificateChain(pemFile: platform.pki.configurationSigningCertificate)[0]
            let signed = try await platform.member(TestPlatform.recipient, service: platform.central).central {
                try await $0.getGlobalConfiguration(.init())
            }
            let snapshot = try signed.verified(anchor: anchor)
            #expect(snapshot.members.count == 3)
            #expect(snapshot.expireTime > Date())
            #expect(snapshot.expireTime <= Date().addingTimeInterval(900))
            #expect(!snapshot.isExpired())
            #expect(snapshot.isExpired(at: snapshot.expireTime))
            // Exchange holds the same copy and stops using it at its expiry time; an older version never replaces it.
            let held = try #require(platform.exchangeHost.globalConfiguration.snapshot)
            #expect(platform.exchangeHost.globalConfiguration.current(at: held.expireTime) == nil)
            #expect(throws: GlobalConfigurationError.expired(version: held.version, expireTime: held.expireTime)) {
                try platform.exchangeHost.globalConfiguration.valid(at: held.expireTime)
            }
            #expect(throws: GlobalConfigurationError.notYetReceived) { try GlobalConfigurationStore().valid() }
            let store = GlobalConfigurationStore()
            #expect(store.update(snapshot))
            #expect(!store.update(snapshot), "the same copy is not news")

            var tampered = signed
            tampered.configuration[tampered.configuration.count / 2] ^= 0x01
            #expect(throws: TrustError.self) { try tampered.verified(anchor: anchor) }
            let impostor = try CertificateIssuer.selfSignedAuthority(
                subject: try DistinguishedName { CommonName("impostor") }, key: try SigningKey(generating: .p256)
            ).certificate
            #expect(throws: TrustError.self) { try signed.verified(anchor: impostor) }

            // A change raises the version, and the watch stream delivers it.
            let before = snapshot.version
            let versions = try await platform.service("exchange", address: platform.central).central { central in
                try await central.watchGlobalConfiguration(.with { $0.knownVersion = before }) { response in
                    var seen: [Int64] = []
                    for try await message in response.messages {
                        seen.append(try message.verified(anchor: anchor).version)
                        if seen.count == 1 {
                            _ = try await platform.operatorClient.central {
                                try await $0.cutOffMember(
                                    .with {
                                        $0.organisationID = TestPlatform.stranger.organisationID
                                        $0.incident = "sự cố an ninh"
                                    })
                            }
                        }
                        // Re-signed copies of the same version may come first; the change arrives as a higher one.
                        if seen.count > 1, seen.last! > before || seen.count == 6 { break }
                    }
                    return seen
                }
            }
            #expect(versions.first == before)
            #expect((versions.last ?? 0) > before)
        }
    }

    @Test(
        "a member cut off after an incident can neither send nor be sent to within one configuration refresh, and is reconnected only with a remediation assessment"
    )
    func cutOffMembers() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.incident = "Mã độc trên máy chủ liên thông"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let toDisabled = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(TestPlatform.header(number: "201")))
            }
            #expect(toDisabled?.code == .failedPrecondition)
            let fromDisabled = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(fromDisabled?.code == .permissionDenied)
            #expect(fromDisabled?.message.contains("CUT_OFF") == true)
            let noAssessment = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.reconnectMember(.with { $0.organisationID = TestPlatform.recipient.organisationID })
                }
            }
            #expect(noAssessment?.code == .invalidArgument)
            let reconnected = try await platform.operatorClient.central {
                try await $0.reconnectMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.remediationAssessment = "Đã gỡ mã độc, đánh giá lại an toàn thông tin ngày 20/11"
                    })
            }
            #expect(reconnected.state == .trial, "back to the state it had before the cut-off")
            try await platform.waitForExchangeConfiguration()
            _ = try await platform.send(try platform.messages(TestPlatform.header(number: "202")))
        }
    }

    @Test(
        "removing a connection certificate or retiring the issuing CA cuts the member off within one configuration refresh"
    )
    func removingCertificatesAndAuthorities() async throws {
        try await TestPlatform.with { platform in
            let stranger = TestPlatform.stranger.organisationID
            let certificates = try await platform.operatorClient.central {
                try await $0.getMember(.with { $0.organisationID = stranger }).certificates
            }
            let connection = try #require(certificates.first { $0.usage == .connection })
            let unknown = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    _ = try await $0.removeMemberCertificate(
                        .with {
                            $0.organisationID = stranger
                            $0.fingerprintSha256 = String(repeating: "a", count: 64)
                        })
                }
            }
            #expect(unknown?.code == .notFound)
            let removal = Vdxp_Central_V1_RemoveMemberCertificateRequest.with {
                $0.organisationID = stranger
                $0.fingerprintSha256 = connection.fingerprintSha256
            }
            _ = try await platform.operatorClient.central { try await $0.removeMemberCertificate(removal) }
            // A retry (its answer lost) is NOT_FOUND and, like the unknown fingerprint, writes nothing: no audit
            // entry, no new configuration for the whole platform.
            let version = try await Self.configurationVersion(platform)
            let retry = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central { _ = try await $0.removeMemberCertificate(removal) }
            }
            #expect(retry?.code == .notFound)
            #expect(try await Self.configurationVersion(platform) == version)
            let audited = try await platform.operatorClient.central {
                try await $0.listAuditEvents(
                    .with {
                        $0.targetPrefix = "\(stranger)/"
                        $0.action = "remove_member_certificate"
                    })
            }
            #expect(audited.events.map(\.target) == ["\(stranger)/\(connection.fingerprintSha256)"])
            try await platform.waitForExchangeConfiguration()
            let cutOff = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.stranger).exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(cutOff?.code == .unauthenticated)
            // The others still work until their CA leaves the trust list.
            _ = try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
            let authority = try #require(
                try await platform.operatorClient.central { try await $0.listTrustedAuthorities(.init()) }
                    .trustedAuthorities.first)
            let notListed = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    _ = try await $0.retireTrustedAuthority(
                        .with {
                            $0.fingerprintSha256 = String(repeating: "b", count: 64)
                            $0.reason = "x"
                        })
                }
            }
            #expect(notListed?.code == .notFound)
            _ = try await platform.operatorClient.central {
                try await $0.retireTrustedAuthority(
                    .with {
                        $0.fingerprintSha256 = authority.fingerprintSha256
                        $0.reason = "Khóa của CA bị lộ"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            await #expect(throws: (any Error).self, "the TLS handshake now refuses the member CA's certificates") {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.fetchInbox(.init(), options: .defaults.with { $0.timeout = .seconds(5) })
                }
            }

            // A retirement is final: retiring again, for a later time, does not bring the authority back.
            let putOff = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    _ = try await $0.retireTrustedAuthority(
                        .with {
                            $0.fingerprintSha256 = authority.fingerprintSha256
                            $0.reason = "Gia hạn"
                            $0.retireTime = .init(date: Date().addingTimeInterval(365 * 86_400))
                        })
                }
            }
            #expect(putOff?.code == .failedPrecondition, "\(String(describing: putOff))")
            // Nor does a retired authority anchor a certificate registered now.
            let reRegistered = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    _ = try await $0.addMemberCertificate(
                        .with {
                            $0.organisationID = stranger
                            $0.usage = .connection
                            $0.certificateDer = connection.certificateDer
                        })
                }
            }
            #expect(reRegistered?.code == .failedPrecondition, "\(String(describing: reRegistered))")
            // Added anew (the way to trust it again, or to correct its category), it is trusted again.
            let again = try await platform.operatorClient.central {
                try await $0.addTrustedAuthority(
                    .with {
                        $0.certificateDer = authority.certificateDer
                        $0.displayName = authority.displayName
                        $0.category = authority.category
                    })
            }
            #expect(!again.hasRetireTime)
            try await platform.waitForExchangeConfiguration()
            _ = try await platform.member(TestPlatform.recipient).exchange { try await $0.fetchInbox(.init()) }
        }
    }

    /// The version of the global configuration Central publishes now.
    static func configurationVersion(_ platform: TestPlatform) async throws -> Int64 {
        let signed = try await platform.operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
        return try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: signed.configuration).version
    }
}
