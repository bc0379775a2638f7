import Foundation
import Testing
import VDXPDevelopment
import VDXPRuntime

/// The checks `vdxp` makes on its own before calling anyone: an option that would be dropped, a number out of its
/// range, a database that is not a throwaway one.
@Suite("vdxp checks options before it acts", .serialized)
struct CommandChecksCLITests {
    @Test("ticket --token without --as is an error naming --as, not a token silently dropped")
    func tokenNeedsMember() async throws {
        for option in ["--token", "--token-file"] {
            let (status, output) = try await BuiltTool.vdxp(["ticket", "list", option, "abc"])
            #expect(status == 64, "\(output)")
            #expect(output.contains("add --as"), "\(output)")
        }
    }

    @Test("monitor statistics --minutes outside 1…44640 is refused before it is multiplied (no trap on huge input)")
    func minutesInRange() async throws {
        for minutes in ["0", "44641", "9223372036854775807"] {
            let (status, output) = try await BuiltTool.vdxp(["monitor", "statistics", "--minutes", minutes])
            #expect(status == 64, "--minutes \(minutes): \(output)")
            #expect(output.contains("between 1 and 44640"), "\(output)")
        }
    }

    @Test("seed --through journal refuses a cluster whose database is not on this machine, before writing anything")
    func journalSeedOnlyOnLoopback() async throws {
        try await TestPlatform.with { platform in
            let remote = platform.databaseURL.replacingOccurrences(of: "127.0.0.1", with: "db.vdxp.gov.vn")
                .replacingOccurrences(of: "localhost", with: "db.vdxp.gov.vn")
            try #require(remote.contains("db.vdxp.gov.vn"), "\(platform.databaseURL)")
            try await CommandFailureCLITests.withCluster(
                central: platform.central.description, pki: platform.pki, databaseURL: remote
            ) { cluster in
                let (status, output) = try await TicketCLITests.vdxp(
                    ["seed", "--through", "journal", "--documents", "1"], cluster: cluster)
                #expect(status == 2, "\(output)")
                #expect(output.contains("db.vdxp.gov.vn"), "\(output)")
                #expect(output.contains("127.0.0.1, ::1, localhost or a unix socket"), "\(output)")
            }
        }
    }
}
