import Foundation
import Testing
import VDXPDevelopment
import VDXPRuntime

/// The `vdxp` tool pointed at a platform it did not start: a platform file names the services' addresses, the
/// platform CA and the certificates the operator holds — no development PKI, no database — as the runbook's commands
/// (`vdxp org upload-crl`, `vdxp report rebuild`, `vdxp audit verify`, …) are run against the production platform.
@Suite("vdxp against a platform file: a real platform's addresses and the certificates an operator holds", .serialized)
struct PlatformFileCLITests {
    /// Writes `object` as JSON to a file in a fresh folder, runs `body` with its path, and removes the folder.
    static func withFile(_ object: [String: Any], _ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vdxp-platform-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("platform.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        try await body(path)
    }

    /// The platform file an operator of `platform` would write: Central's and Exchange's addresses, the platform CA,
    /// the operator's certificate under a name of their own, and the sender's connection certificate.
    static func platformFile(_ platform: TestPlatform) throws -> [String: Any] {
        let admin = try #require(platform.pki.operators["admin"])
        let sender = try #require(platform.pki.members[TestPlatform.sender.organisationID])
        return [
            "platform_ca": platform.pki.platformCA,
            "services": [
                "central": ["grpc": platform.central.description, "public": platform.centralPublic.description],
                "exchange": ["grpc": platform.exchange.description],
            ],
            "operators": ["nguyen.van.a": ["certificate": admin.certificate, "key": admin.key]],
            "members": [
                TestPlatform.sender.organisationID: [
                    "certificate": sender.connectionCertificate, "key": sender.connectionKey,
                ]
            ],
        ]
    }

    @Test("the operator's commands, a member's and the public directory work from a platform file")
    func commandsWork() async throws {
        try await TestPlatform.with { platform in
            try await Self.withFile(try Self.platformFile(platform)) { path in
                let sender = TestPlatform.sender.organisationID
                let (listed, members) = try await BuiltTool.vdxp(["org", "list", "--cluster", path])
                #expect(listed == 0, "\(members)")
                #expect(members.contains(sender), "the operator listed the members: \(members)")
                #expect(members.contains(TestPlatform.recipient.organisationID), "\(members)")

                let (asMember, documents) = try await BuiltTool.vdxp(
                    ["documents", "--as", sender, "--cluster", path])
                #expect(asMember == 0, "the member's connection certificate from the file was used: \(documents)")

                let (unknown, refusal) = try await BuiltTool.vdxp(
                    ["documents", "--as", "000.00.00.X99", "--cluster", path])
                #expect(unknown == 1, "\(refusal)")
                #expect(refusal.contains("known: \(sender)"), "the file's members are named: \(refusal)")

                let (shown, directory) = try await BuiltTool.vdxp(
                    ["org", "directory"], environment: ["VDXP_CLUSTER": path])
                #expect(shown == 0, "VDXP_CLUSTER names the file when --cluster is not given: \(directory)")
                #expect(directory.contains(sender), "\(directory)")
            }
        }
    }

    @Test("a command that needs a development platform says so, naming the file, and sends nothing")
    func developmentCommandsRefused() async throws {
        try await TestPlatform.with { platform in
            try await Self.withFile(try Self.platformFile(platform)) { path in
                let sender = TestPlatform.sender.organisationID
                let (status, output) = try await BuiltTool.vdxp(
                    [
                        "send", "--from", sender, "--to", TestPlatform.recipient.organisationID, "--number", "1",
                        "--subject", "Thử", "--cluster", path,
                    ])
                #expect(status == 1, "\(output)")
                #expect(output.contains("works only against a development platform"), "\(output)")
                #expect(output.contains("\(path) is a platform file"), "\(output)")

                let (listed, documents) = try await BuiltTool.vdxp(
                    ["documents", "--as", sender, "--json", "--cluster", path])
                #expect(listed == 0, "\(documents)")
                #expect(!documents.contains("\"document_id\""), "nothing was sent: \(documents)")
            }
        }
    }

    @Test("a platform file written wrong is refused with the path of what is missing")
    func malformedFile() async throws {
        try await Self.withFile(["services": ["central": ["grpc": "127.0.0.1:7100"]]]) { path in
            let (status, output) = try await BuiltTool.vdxp(["org", "list", "--cluster", path])
            #expect(status == 1, "\(output)")
            #expect(output.contains("\(path) cannot be read: platform_ca is missing"), "\(output)")
        }
        try await Self.withFile(["platform_ca": "/ca.pem", "services": ["central": ["public": "x:1"]]]) { path in
            let (status, output) = try await BuiltTool.vdxp(["org", "list", "--cluster", path])
            #expect(status == 1, "\(output)")
            #expect(output.contains("services.central.grpc is missing"), "\(output)")
        }
    }
}
