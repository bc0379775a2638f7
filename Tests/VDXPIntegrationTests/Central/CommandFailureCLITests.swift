import Foundation
import Glibc
import Testing
import VDXPDevelopment
import VDXPRuntime

/// How `vdxp` fails, as a script and a person see it: one exit status per kind of failure (README.md, "Exit
/// statuses"), and on standard error the status in words, the fields the service named and what to try next.
@Suite("vdxp failures: exit statuses, field reasons, hints and the call deadline", .serialized)
struct CommandFailureCLITests {
    /// Writes a cluster file naming Central at `central` (its public listener at `publicAddress`) in a fresh folder,
    /// runs `body` with the file's path, and removes the folder.
    static func withCluster(
        central: String, publicAddress: String? = nil, pki: DevelopmentPKIPaths, databaseURL: String,
        _ body: (String) async throws -> Void
    ) async throws {
        try await BuiltTool.withClusterFile(
            services: ["central": central], centralPublic: publicAddress, pki: pki, databaseURL: databaseURL
        ) { _, path in try await body(path) }
    }

    @Test("a refused input exits 2 naming the field; another member's identity exits 4 naming the one used")
    func refusedAndDenied() async throws {
        try await TestPlatform.with { platform in
            try await Self.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let city = TestPlatform.recipient.organisationID
                let sender = TestPlatform.sender.organisationID
                let (refused, message) = try await TicketCLITests.vdxp(
                    ["org", "contact", city, "--email", "vanthu@hanoi.gov.vn", "--phone", ""], cluster: cluster)
                #expect(refused == 2, "\(message)")
                #expect(message.contains("INVALID_ARGUMENT"), "\(message)")
                #expect(
                    message.split(separator: "\n").contains { $0.hasPrefix("  contact.phone: ") },
                    "each field the service named on its own line: \(message)")

                let (denied, refusal) = try await TicketCLITests.vdxp(
                    ["org", "contact", city, "--as", sender, "--email", "a@b.vn", "--phone", "+84 24 1234 5678"],
                    cluster: cluster)
                #expect(denied == 4, "\(refusal)")
                #expect(refusal.contains("PERMISSION_DENIED"), "\(refusal)")
                #expect(refusal.contains("as member \(sender)"), "the hint names the identity used: \(refusal)")
            }
        }
    }

    @Test("--help still prints help and exits 0; a usage mistake exits 64 (the parser's own errors pass through)")
    func helpAndUsage() async throws {
        let (status, help) = try await BuiltTool.vdxp(["org", "list", "--help"])
        #expect(status == 0, "\(help)")
        #expect(help.contains("USAGE: vdxp org list"), "\(help)")
        let (usage, message) = try await BuiltTool.vdxp(["org", "list", "--no-such-option"])
        #expect(usage == 64, "\(message)")
        #expect(message.contains("Unknown option"), "\(message)")
    }

    @Test("a closed port exits 3 with a hint to check the platform and the cluster or platform file")
    func closedPort() async throws {
        try await TestPlatform.with { platform in
            try await Self.withCluster(
                central: "127.0.0.1:1", pki: platform.pki, databaseURL: platform.databaseURL
            ) { cluster in
                let (status, output) = try await TicketCLITests.vdxp(["org", "list"], cluster: cluster)
                #expect(status == 3, "\(output)")
                #expect(output.contains("UNAVAILABLE"), "\(output)")
                #expect(output.contains("is the platform up"), "\(output)")
                #expect(output.contains("cluster or platform file (--cluster)"), "\(output)")
            }
        }
    }

    @Test("a service that takes the connection but never answers fails the call at --timeout with exit 3")
    func silentService() async throws {
        // A listening socket nobody accepts from: the kernel completes the TCP handshake, TLS never answers.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))

        try await TestPlatform.with { platform in
            try await Self.withCluster(
                central: "127.0.0.1:\(port)", publicAddress: "127.0.0.1:\(port)", pki: platform.pki,
                databaseURL: platform.databaseURL
            ) { cluster in
                // A member's call (mutual TLS) and the public directory's (TLS, no certificate) alike.
                for command in [["org", "list"], ["org", "directory"]] {
                    let start = ContinuousClock.now
                    let (status, output) = try await TicketCLITests.vdxp(
                        command + ["--timeout", "2"], cluster: cluster)
                    #expect(status == 3, "\(command): \(output)")
                    #expect(output.contains("DEADLINE_EXCEEDED"), "\(output)")
                    #expect(output.contains("--timeout"), "the hint says how to allow longer: \(output)")
                    #expect(ContinuousClock.now - start < .seconds(20), "the call gave up at its deadline")
                }
            }
        }
    }
}
