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

/// Revocation lists kept fresh by Central itself (Art. 7.3): the operator names where an authority publishes its CRL,
/// Central fetches it from there over real HTTP (a loopback distribution point, `Tests/Sinks/crl_source.py`) with the
/// same checks as an upload, records each attempt, and a revoked certificate is refused without anyone uploading.
@Suite("Central: revocation lists fetched from the authorities' URLs (Art. 7.3)", .serialized)
struct CentralRevocationListRefreshTests {
    /// The development member CA (the simulated government CA) on the platform's trust list.
    static func memberCA(of platform: TestPlatform) throws -> (fingerprint: String, issuer: CertificateIssuer) {
        let certificate = try PEM.loadCertificateChain(pemFile: platform.pki.memberCA)[0]
        let issuer = try CertificateIssuer(
            certificate: certificate, key: try PEM.loadSigningKey(pemFile: platform.pki.memberCAKey))
        return (CertificateFingerprint.sha256(of: certificate), issuer)
    }

    /// Sets the member CA's CRL URL as the operator; returns the authority as Central answers.
    static func setURL(_ url: String, of fingerprint: String, in platform: TestPlatform) async throws
        -> Vdxp_Central_V1_TrustedAuthority
    {
        try await platform.operatorClient.central {
            try await $0.setRevocationListUrl(
                .with {
                    $0.fingerprintSha256 = fingerprint
                    $0.url = url
                })
        }
    }

    @Test("the CRL at the member CA's URL is fetched, published and enforced: a revoked connection stops at Exchange")
    func fetchedAndEnforced() async throws {
        try await TestPlatform.with { platform in
            try await LocalSink.with("crl_source.py", folderOption: "--dir") { distribution in
                let (fingerprint, _) = try Self.memberCA(of: platform)
                let recipient = platform.pki.members[TestPlatform.recipient.organisationID]!
                try FileManager.default.createDirectory(atPath: distribution.folder, withIntermediateDirectories: true)
                let crl = try DevelopmentPKI.memberRevocationList(
                    platform.pki, revoking: [recipient.connectionCertificate], number: 3)
                try Data(crl).write(to: URL(fileURLWithPath: distribution.folder + "/member-ca.crl"))

                let url = "http://127.0.0.1:\(distribution.port)/member-ca.crl"
                let authority = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(authority.revocationListURL == url)
                #expect(authority.hasRevocationListCheckTime, "fetched at once")
                #expect(authority.revocationListCheckError == "")

                let configuration = try await platform.operatorClient.central {
                    try await $0.getGlobalConfiguration(.init())
                }
                let parsed = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
                let serial = try PEM.loadCertificateChain(pemFile: recipient.connectionCertificate)[0].serialNumber
                #expect(parsed.revocationLists.first?.crlNumber == 3)
                #expect(parsed.revocationLists.first?.revokedSerialNumbers == [RevokedCertificates.serialHex(serial)])
                let audit = try await platform.operatorClient.central {
                    try await $0.listAuditEvents(.with { $0.action = "upload_revocation_list" })
                }
                #expect(audit.events.map(\.actor) == ["service:central (revocation list refresh)"])

                try await platform.waitForExchangeConfiguration()
                let refused = await #expect(throws: RPCError.self) {
                    try await platform.inbox(of: TestPlatform.recipient)
                }
                #expect(refused?.code == .unauthenticated)
                #expect(refused?.message.contains("revoked") == true)

                // The same list fetched again changes nothing: no new audit entry, no error.
                let again = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(again.revocationListCheckError == "")
                let after = try await platform.operatorClient.central {
                    try await $0.listAuditEvents(.with { $0.action = "upload_revocation_list" })
                }
                #expect(after.events.count == 1)
            }
        }
    }

    @Test(
        "the list is fetched again every VDXP_CRL_REFRESH_SECONDS: a revocation published later is enforced with no call"
    )
    func refreshedPeriodically() async throws {
        try await TestPlatform.with(centralSettings: ["VDXP_CRL_REFRESH_SECONDS": "60"]) { platform in
            try await LocalSink.with("crl_source.py", folderOption: "--dir") { distribution in
                let (fingerprint, issuer) = try Self.memberCA(of: platform)
                let recipient = platform.pki.members[TestPlatform.recipient.organisationID]!
                try FileManager.default.createDirectory(atPath: distribution.folder, withIntermediateDirectories: true)
                let file = URL(fileURLWithPath: distribution.folder + "/member-ca.crl")
                try Data(try issuer.issueRevocationList(revoking: [], number: 7)).write(to: file)
                let url = "http://127.0.0.1:\(distribution.port)/member-ca.crl"
                #expect(try await Self.setURL(url, of: fingerprint, in: platform).revocationListCheckError == "")
                try await platform.waitForExchangeConfiguration()
                _ = try await platform.inbox(of: TestPlatform.recipient)

                // The authority publishes a new list revoking the recipient's connection; nobody tells Central.
                try Data(
                    try DevelopmentPKI.memberRevocationList(
                        platform.pki, revoking: [recipient.connectionCertificate], number: 8)
                ).write(to: file)
                var published: Int64 = 0
                for _ in 0..<75 where published != 8 {
                    try await Task.sleep(for: .seconds(2))
                    let configuration = try await platform.operatorClient.central {
                        try await $0.getGlobalConfiguration(.init())
                    }
                    let parsed = try Vdxp_Central_V1_GlobalConfiguration(serializedBytes: configuration.configuration)
                    published = parsed.revocationLists.first?.crlNumber ?? 0
                }
                #expect(published == 8, "fetched by Central's own round within 150 s of a 60 s interval")
                let audit = try await platform.operatorClient.central {
                    try await $0.listAuditEvents(.with { $0.action = "upload_revocation_list" })
                }
                #expect(audit.events.count == 2, "the first list at the URL's setting, the second by the round")
                #expect(audit.events.allSatisfy { $0.actor == "service:central (revocation list refresh)" })

                try await platform.waitForExchangeConfiguration()
                let refused = await #expect(throws: RPCError.self) {
                    try await platform.inbox(of: TestPlatform.recipient)
                }
                #expect(refused?.code == .unauthenticated)
            }
        }
    }

    @Test("each failed attempt is recorded saying why: no file, not a CRL, another CA's list, an older list")
    func failuresRecorded() async throws {
        try await TestPlatform.with { platform in
            try await LocalSink.with("crl_source.py", folderOption: "--dir") { distribution in
                let (fingerprint, issuer) = try Self.memberCA(of: platform)
                let folder = distribution.folder
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let url = "http://127.0.0.1:\(distribution.port)/member-ca.crl"
                func serve(_ bytes: [UInt8]) throws {
                    try Data(bytes).write(to: URL(fileURLWithPath: folder + "/member-ca.crl"))
                }

                let missing = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(missing.hasRevocationListCheckTime)
                #expect(missing.revocationListCheckError.contains("HTTP 404"))

                try serve(Array("not a revocation list".utf8))
                let garbage = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(garbage.revocationListCheckError.contains("the CRL at \(url)"))

                let other = try CertificateIssuer.selfSignedAuthority(
                    subject: try DistinguishedName { CommonName("Another CA") }, key: try SigningKey(generating: .p256))
                try serve(try other.issueRevocationList(revoking: [], number: 5))
                let foreign = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(foreign.revocationListCheckError.contains("trusted"))

                try serve(try issuer.issueRevocationList(revoking: [], number: 4))
                #expect(try await Self.setURL(url, of: fingerprint, in: platform).revocationListCheckError == "")
                try serve(try issuer.issueRevocationList(revoking: [], number: 2))
                let older = try await Self.setURL(url, of: fingerprint, in: platform)
                #expect(older.revocationListCheckError.contains("older"))

                let cleared = try await Self.setURL("", of: fingerprint, in: platform)
                #expect(cleared.revocationListURL == "")
                #expect(!cleared.hasRevocationListCheckTime)
            }
        }
    }

    @Test("refused: a URL that is not http(s), an authority not on the list, a member asking")
    func refusals() async throws {
        try await TestPlatform.with { platform in
            let (fingerprint, _) = try Self.memberCA(of: platform)
            let notHTTP = await #expect(throws: RPCError.self) {
                try await Self.setURL("ftp://crl.example/ca.crl", of: fingerprint, in: platform)
            }
            #expect(notHTTP?.code == .invalidArgument)
            #expect(notHTTP?.message.contains("http://") == true)
            let unknown = await #expect(throws: RPCError.self) {
                try await Self.setURL("http://127.0.0.1:9/ca.crl", of: String(repeating: "ab", count: 32), in: platform)
            }
            #expect(unknown?.code == .notFound)
            let member = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender, service: platform.central).central {
                    try await $0.setRevocationListUrl(
                        .with {
                            $0.fingerprintSha256 = fingerprint
                            $0.url = "http://127.0.0.1:9/ca.crl"
                        })
                }
            }
            #expect(member?.code == .permissionDenied)
        }
    }
}
