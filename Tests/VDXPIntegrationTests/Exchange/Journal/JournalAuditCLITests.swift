import Foundation
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPRuntime
import VDXPStore

/// `vdxp audit verify` as a script runs it: a tampered journal and an Exchange that cannot be reached end with
/// different exit statuses (7 and 3), so an alarm on one is never raised for the other.
@Suite("vdxp audit verify: TAMPERED exits 7, an unreachable Exchange 3", .serialized)
struct JournalAuditCLITests {
    /// Runs `vdxp audit verify` against Exchange at `exchange`; returns its status and what it printed.
    static func verify(
        _ platform: TestPlatform, exchange: String, _ more: String...
    ) async throws -> (status: Int32, output: String) {
        try await BuiltTool.withClusterFile(
            services: ["exchange": exchange], pki: platform.pki, databaseURL: platform.databaseURL
        ) { _, path in try await BuiltTool.vdxp(["audit", "verify", "--cluster", path] + more) }
    }

    @Test("intact exits 0; a changed payload exits 7 naming TAMPERED; Exchange unreachable exits 3")
    func statuses() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_JOURNAL_SEAL_SECONDS": "1"]) { platform in
            _ = try await ExchangeJournalSealTests.sealedJournal(platform)
            let exchange = platform.exchange.description
            let (intact, report) = try await Self.verify(platform, exchange: exchange)
            #expect(intact == 0, "\(report)")
            #expect(report.contains("journal intact"), "\(report)")
            let (_, intactJSON) = try await Self.verify(platform, exchange: exchange, "--json")
            #expect(intactJSON.hasPrefix(#"{"after":0,"entries_checked":"#), "\(intactJSON)")
            #expect(intactJSON.contains(#""intact":true"#), "\(intactJSON)")

            let (unreachable, refused) = try await Self.verify(platform, exchange: "127.0.0.1:1")
            #expect(unreachable == 3, "\(refused)")
            #expect(!refused.contains("TAMPERED"), "\(refused)")

            try await ExchangeJournalSealTests.withDatabase(platform) { database in
                try await database.query(
                    "UPDATE exchange.journal SET payload = payload || '\\x00'::bytea WHERE sequence = 2",
                    logger: platform.logger)
            }
            let (tampered, finding) = try await Self.verify(platform, exchange: exchange)
            #expect(tampered == 7, "\(finding)")
            #expect(finding.contains("TAMPERED at sequence 2"), "\(finding)")
            #expect(finding.contains("vdxp: TAMPERED"), "on standard error too: \(finding)")
            let (tamperedStatus, tamperedJSON) = try await Self.verify(platform, exchange: exchange, "--json")
            #expect(tamperedStatus == 7, "\(tamperedJSON)")
            #expect(tamperedJSON.contains(#""intact":false"#), "\(tamperedJSON)")
            #expect(tamperedJSON.contains(#""tampered":{"problem":"entry 2"#), "\(tamperedJSON)")
        }
    }
}
