import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPStore

@testable import VDXPCentral

/// Central's schema version 6 on a trust list written before it: authorities get a category (Art. 6.5) and a table
/// of revocation lists appears.
@Suite("Central migration 6: authority categories and revocation lists on an existing trust list", .serialized)
struct CentralTrustListMigrationTests {
    @Test("an authority trusted before the upgrade reads as the government CA; no revocation list is held")
    func upgradesExistingTrustList() async throws {
        try await TemporaryDatabase.with { client, logger in try await Self.check(client: client, logger: logger) }
    }

    /// Writes an authority as versions 1–5 left it, migrates to version 6 and reads what it derived.
    private static func check(client: PostgresClient, logger: Logger) async throws {
        let before = SchemaMigrator(schema: "central", migrations: CentralMigrations.all.filter { $0.version < 6 })
        _ = try await before.migrate(client: client, logger: logger)
        try await client.query(
            """
            INSERT INTO central.trusted_authorities
                (fingerprint, certificate_der, subject, display_name, not_before, not_after)
            VALUES ('aa', '\\x30', 'CN=Ban Cơ yếu Chính phủ', 'Ban Cơ yếu Chính phủ — Root CA',
                    '2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z')
            """, logger: logger)
        let after = SchemaMigrator(schema: "central", migrations: CentralMigrations.all.filter { $0.version <= 6 })
        #expect(try await after.migrate(client: client, logger: logger) == [6])
        var categories: [Int16] = []
        for try await category in try await client.query(
            "SELECT category FROM central.trusted_authorities", logger: logger
        ).decode(Int16.self) {
            categories.append(category)
        }
        #expect(categories == [1], "AUTHORITY_CATEGORY_GOVERNMENT")
        var lists = 0
        for try await count in try await client.query(
            "SELECT count(*) FROM central.revocation_lists", logger: logger
        ).decode(Int64.self) {
            lists = Int(count)
        }
        #expect(lists == 0)
    }
}
