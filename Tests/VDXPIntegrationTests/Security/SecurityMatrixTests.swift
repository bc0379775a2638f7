import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPMonitoring
import VDXPProto
import VDXPRuntime
import VDXPTrust
import X509

/// Every RPC of every service called by everyone who may not call it, over the real mTLS listeners of all six
/// services: without a client certificate, with one from an untrusted CA, an expired one, a revoked one, a valid one
/// registered to nobody, as the wrong kind of caller, as a suspended or cut-off member, and with an expired or a
/// tampered account token. Each is refused with the code a client can act on (issue 17).
@Suite("The security matrix: every RPC refused to everyone who may not call it", .serialized)
struct SecurityMatrixTests {
    static let revoked = DevelopmentMember(
        organisationID: "000.00.00.H31", name: "UBND Tỉnh Thái Bình", signingAlgorithm: .ecdsaP256SHA256)
    static let suspended = DevelopmentMember(
        organisationID: "000.00.00.H32", name: "UBND Tỉnh Nam Định", signingAlgorithm: .ecdsaP256SHA256)
    static let cutOff = DevelopmentMember(
        organisationID: "000.00.00.H33", name: "UBND Tỉnh Ninh Bình", signingAlgorithm: .ecdsaP256SHA256)
    /// Certificates from the platform's trusted member CA, for an organisation the operator never registered.
    static let unregistered = DevelopmentMember(
        organisationID: "000.00.00.H34", name: "Công ty Không Đăng Ký", signingAlgorithm: .ecdsaP256SHA256)

    @Test("every RPC of every service has a row in the matrix, and every row names an RPC that exists")
    func everyRPCHasARow() {
        let names = SecurityRow.methods.map(\.method.fullyQualifiedMethod)
        for name in names {
            #expect(SecurityRow.rows[name] != nil, "\(name) has no row in SecurityRow.rows: decide who may call it")
        }
        #expect(Set(SecurityRow.rows.keys) == Set(names), "rows for RPCs that no longer exist")
        #expect(names.count == Set(names).count)
    }

    @Test(
        "every RPC of the six services refuses: no certificate, untrusted, expired, revoked, unregistered, the wrong caller, suspended, cut off, a bad token"
    )
    func matrix() async throws {
        try await TestPlatform.with { platform in
            let pki = try await Self.prepareIdentities(on: platform)
            let monitoringClock = ManualClock()
            try await platform.withMonitoring(clock: monitoringClock, channels: .none) { monitoring in
                try await platform.withTicket { ticket in
                    try await platform.withReport { report in
                        try await platform.withSearch { search in
                            let addresses: [String: HostAndPort] = [
                                "central": platform.central, "exchange": platform.exchange,
                                "monitoring": monitoring.address, "ticket": ticket.address, "report": report.address,
                                "search": search.address,
                            ]
                            let hosts = [monitoring.host, ticket.host, report.host, search.host, platform.exchangeHost]
                            try await Self.waitForLatestConfiguration(hosts, platform: platform)
                            var problems: [String] = []
                            for caller in try Self.callers(platform: platform, pki: pki) {
                                problems += await Self.check(caller, addresses: addresses)
                            }
                            #expect(
                                problems.isEmpty,
                                "\(problems.count) calls not refused as expected:\n\(problems.joined(separator: "\n"))")
                            // The one open RPC answers without a certificate, on Central's public listener only.
                            let directory = try await withGRPCClient(
                                transport: try TransportFactory.tlsClient(
                                    target: platform.centralPublic, caPath: pki.platformCA)
                            ) { client in
                                await client.raw(
                                    Vdxp_Central_V1_PublicDirectoryService.Method.ListDirectoryEntries.descriptor)
                            }
                            #expect(directory == .answered, "\(directory)")
                        }
                    }
                }
            }
            try await platform.expectServing()
        }
    }

    /// One kind of caller of the matrix: how it connects and what every RPC must answer it.
    struct Caller: Sendable {
        var name: String
        /// The client transport to `address`.
        var connect: @Sendable (HostAndPort) throws -> HTTP2ClientTransport.Posix
        var metadata: Metadata = [:]
        /// Only these services' RPCs are called; nil for all.
        var services: Set<String>? = nil
        /// The refusal expected for an RPC with this row; nil when this caller may call it (not called then).
        var expected: @Sendable (SecurityRow) -> Refusal?
    }

    /// A refusal: its code, and a text its message must contain.
    struct Refusal: Sendable {
        var code: RPCError.Code
        var mentioning: String? = nil
    }

    /// Calls every RPC of `addresses`' services as `caller`; returns one line per call not refused as expected.
    static func check(_ caller: Caller, addresses: [String: HostAndPort]) async -> [String] {
        var problems: [String] = []
        for service in SecurityRow.allServices.sorted() where caller.services?.contains(service) ?? true {
            let methods = SecurityRow.methods.filter { $0.service == service }.map(\.method)
            let expectations = methods.compactMap { method in
                SecurityRow.rows[method.fullyQualifiedMethod].flatMap { row in caller.expected(row).map { (method, $0) }
                }
            }
            if expectations.isEmpty { continue }
            do {
                let transport = try caller.connect(addresses[service]!)
                problems += try await withGRPCClient(transport: transport) { client in
                    var found: [String] = []
                    for (method, refusal) in expectations {
                        // An empty request: every RPC looks at who calls before what is asked.
                        let outcome = await client.raw(method, messages: [[]], metadata: caller.metadata)
                        let mentions = refusal.mentioning.map { outcome.message.contains($0) } ?? true
                        if outcome.code != refusal.code || !mentions {
                            found.append(
                                "\(caller.name) → \(method.fullyQualifiedMethod): expected \(refusal.code)"
                                    + (refusal.mentioning.map { " mentioning '\($0)'" } ?? "") + ", got \(outcome)")
                        }
                    }
                    return found
                }
            } catch {
                problems.append("\(caller.name) → \(service): could not call at all: \(error)")
            }
        }
        return problems
    }

    /// The callers of the matrix.
    static func callers(platform: TestPlatform, pki: DevelopmentPKIPaths) throws -> [Caller] {
        let ca = pki.platformCA
        func certificate(_ certificate: String, _ key: String)
            -> @Sendable (HostAndPort) throws -> HTTP2ClientTransport.Posix
        {
            { address in
                try TransportFactory.mutualTLSClient(
                    target: address, certificatePath: certificate, keyPath: key, caPath: ca)
            }
        }
        func member(_ member: DevelopmentMember) -> @Sendable (HostAndPort) throws -> HTTP2ClientTransport.Posix {
            let paths = pki.members[member.organisationID]!
            return certificate(paths.connectionCertificate, paths.connectionKey)
        }
        let notPublic: @Sendable (SecurityRow, Refusal) -> Refusal? = { row, refusal in row.isPublic ? nil : refusal }
        let transportFailure = Refusal(code: .unavailable)
        let foreign = try Self.untrustedPKI()
        let expired = try Self.expiredCertificate(pki: pki)
        let tokens = try Self.badTokens(pki: pki)
        var callers: [Caller] = [
            Caller(
                name: "no client certificate",
                connect: { try TransportFactory.tlsClient(target: $0, caPath: ca) },
                expected: { notPublic($0, transportFailure) }),
            Caller(
                name: "a certificate from an untrusted CA",
                connect: certificate(
                    foreign.members[unregistered.organisationID]!.connectionCertificate,
                    foreign.members[unregistered.organisationID]!.connectionKey),
                expected: { notPublic($0, transportFailure) }),
            Caller(
                name: "an expired certificate of the trusted member CA",
                connect: certificate(expired.certificate, expired.key),
                expected: { notPublic($0, transportFailure) }),
            Caller(
                name: "a revoked connection certificate (CRL uploaded to Central)", connect: member(revoked),
                expected: { notPublic($0, Refusal(code: .unauthenticated, mentioning: "revoked")) }),
            Caller(
                name: "a valid certificate registered to no member", connect: member(unregistered),
                expected: { notPublic($0, Refusal(code: .unauthenticated, mentioning: "not registered")) }),
            Caller(
                name: "a member with an expired account token", connect: member(TestPlatform.recipient),
                metadata: ["authorization": "Bearer \(tokens.expired)"],
                expected: { notPublic($0, Refusal(code: .unauthenticated)) }),
            Caller(
                name: "a member with a tampered account token", connect: member(TestPlatform.recipient),
                metadata: ["authorization": "Bearer \(tokens.tampered)"],
                expected: { notPublic($0, Refusal(code: .unauthenticated)) }),
        ]
        let denied = Refusal(code: .permissionDenied, mentioning: " is for ")
        callers.append(
            Caller(
                name: "a member", connect: member(TestPlatform.recipient),
                expected: { row in row.isPublic || row.permits(.member) ? nil : denied }))
        callers.append(
            Caller(
                name: "the operator",
                connect: certificate(pki.operators["admin"]!.certificate, pki.operators["admin"]!.key),
                expected: { row in row.isPublic || row.permits(.operator) ? nil : denied }))
        callers.append(
            Caller(
                name: "auditor:inspector",
                connect: certificate(pki.auditors["inspector"]!.certificate, pki.auditors["inspector"]!.key),
                expected: { row in row.isPublic || row.permits(.auditor) ? nil : denied }))
        for service in SecurityRow.allServices.sorted() {
            callers.append(
                Caller(
                    name: "service:\(service)",
                    connect: certificate(pki.services[service]!.certificate, pki.services[service]!.key),
                    expected: { row in row.isPublic || row.permits(.service(service)) ? nil : denied }))
        }
        // A member's system may act only for a unit registered under it (Art. 3.3, 8.2.b): on every Exchange RPC a
        // member may call, naming another unit is refused before the request is looked at.
        callers.append(
            Caller(
                name: "a member acting for a unit not registered under it", connect: member(TestPlatform.recipient),
                metadata: [RequestContext.actingForMetadataKey: "000.00.19.H26"], services: ["exchange"],
                expected: { row in
                    if row.isPublic { return nil }
                    guard row.permits(.member) else { return denied }
                    return Refusal(code: .permissionDenied, mentioning: "RegisterRepresentedUnit")
                }))
        for (member, state) in [(suspended, "suspended"), (cutOff, "cut")] {
            callers.append(
                Caller(
                    name: "a \(state) member", connect: Self.member(member, pki: pki, ca: ca),
                    expected: { row in
                        if row.isPublic { return nil }
                        guard row.permits(.member) else { return denied }
                        if case .refused = row.lifecycle {
                            return Refusal(code: .permissionDenied, mentioning: member.organisationID)
                        }
                        return nil
                    }))
        }
        return callers
    }

    static func member(_ member: DevelopmentMember, pki: DevelopmentPKIPaths, ca: String)
        -> @Sendable (HostAndPort) throws -> HTTP2ClientTransport.Posix
    {
        let paths = pki.members[member.organisationID]!
        return { address in
            try TransportFactory.mutualTLSClient(
                target: address, certificatePath: paths.connectionCertificate, keyPath: paths.connectionKey,
                caPath: ca)
        }
    }

    /// Adds the matrix's members to the platform's PKI, registers three of them, suspends one, cuts one off and
    /// revokes the connection certificate of the third (a CRL of the member CA uploaded to Central).
    static func prepareIdentities(on platform: TestPlatform) async throws -> DevelopmentPKIPaths {
        let pki = try DevelopmentPKI.generate(
            in: platform.pki.directory, services: Array(SecurityRow.allServices), operators: ["admin"],
            auditors: ["inspector"],
            members: [
                TestPlatform.sender, TestPlatform.recipient, TestPlatform.stranger, revoked, suspended, cutOff,
                unregistered,
            ])
        try await DevelopmentSeeder.seed(
            central: platform.operatorClient, pki: pki, members: [revoked, suspended, cutOff])
        try await platform.operatorClient.central { central in
            _ = try await central.suspendMember(
                .with {
                    $0.organisationID = suspended.organisationID
                    $0.reason = "Chuyển đổi trung tâm dữ liệu"
                    $0.expectedResumeDate = "2099-01-05"
                    $0.memberRequestReference = "Công văn số 45/UBND-VP"
                })
            _ = try await central.cutOffMember(
                .with {
                    $0.organisationID = cutOff.organisationID
                    $0.incident = "Phát hiện mã độc trên máy chủ văn bản"
                })
            let crl = try DevelopmentPKI.memberRevocationList(
                pki, revoking: [pki.members[revoked.organisationID]!.connectionCertificate], number: 1)
            _ = try await central.uploadRevocationList(.with { $0.crlDer = Data(crl) })
        }
        try await platform.waitForExchangeConfiguration()
        return pki
    }

    /// Waits until every host holds the configuration Central holds now.
    static func waitForLatestConfiguration(_ hosts: [ServiceHost], platform: TestPlatform) async throws {
        let signed = try await platform.operatorClient.central { try await $0.getGlobalConfiguration(.init()) }
        let target = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: signed.configuration).version
        try await TestMonitoring.eventually("every service holds configuration version \(target)") {
            hosts.allSatisfy { ($0.globalConfiguration.current()?.version ?? 0) >= target }
        }
    }

    /// A whole other development PKI: its member CA is trusted by nobody on this platform.
    static func untrustedPKI() throws -> DevelopmentPKIPaths {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vdxp-foreign-\(UUID().uuidString)"
        )
        .path
        return try DevelopmentPKI.generate(in: directory, services: [], operators: [], members: [unregistered])
    }

    /// A connection certificate the trusted member CA issued for `unregistered`, valid until yesterday.
    static func expiredCertificate(pki: DevelopmentPKIPaths) throws -> (certificate: String, key: String) {
        let issuer = try CertificateIssuer(
            certificate: try PEM.loadCertificateChain(pemFile: pki.memberCA)[0],
            key: try PEM.loadSigningKey(pemFile: pki.memberCAKey))
        let key = try SigningKey(generating: .p256)
        let certificate = try issuer.issue(
            publicKey: key.publicKey,
            subject: try DistinguishedName {
                OrganizationName(unregistered.name)
                CommonName("\(unregistered.organisationID) connection")
            },
            keyUsage: KeyUsage(digitalSignature: true), extendedKeyUsage: [.clientAuth],
            notValidBefore: Date().addingTimeInterval(-400 * 86_400),
            notValidAfter: Date().addingTimeInterval(-86_400))
        let directory = pki.directory + "/expired"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paths = (certificate: directory + "/connection.pem", key: directory + "/connection-key.pem")
        try PEM.pemString(for: certificate).write(toFile: paths.certificate, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: paths.key, atomically: true, encoding: .utf8)
        return paths
    }

    /// An account token signed by the configuration anchor that expired an hour ago, and a valid one with one
    /// character of its claims changed.
    static func badTokens(pki: DevelopmentPKIPaths) throws -> (expired: String, tampered: String) {
        let key = try PEM.loadSigningKey(pemFile: pki.configurationSigningKey)
        let issuer = AccountTokenIssuer(signingKey: key, lifetime: 900)
        func token(issued: Date, expires: Date) throws -> String {
            try issuer.token(
                for: .with {
                    $0.issuer = AccountTokenIssuer.issuerName
                    $0.tokenID = UUID().uuidString.lowercased()
                    $0.accountID = UUID().uuidString.lowercased()
                    $0.username = "admin.h26"
                    $0.organisationID = TestPlatform.recipient.organisationID
                    $0.roles = [.memberAdmin]
                    $0.issueTime = .init(date: issued)
                    $0.expireTime = .init(date: expires)
                    $0.signatureAlgorithm = key.defaultAlgorithm.proto
                })
        }
        let expired = try token(issued: Date().addingTimeInterval(-7200), expires: Date().addingTimeInterval(-3600))
        var valid = Array(try token(issued: Date(), expires: Date().addingTimeInterval(900)))
        let index = valid.count / 4
        valid[index] = valid[index] == "A" ? "B" : "A"
        return (expired, String(valid))
    }
}
