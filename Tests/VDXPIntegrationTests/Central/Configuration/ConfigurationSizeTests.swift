import Foundation
import GRPCCore
import Logging
import PostgresNIO
import Testing
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The signed global configuration lists every member with its certificates' fingerprints and subjects in one
/// message: some 450 bytes a member, past 4 MiB before the 10,000 members the platform is sized for. A client refuses
/// to receive more than 4 MiB by default, so every service would then stop following Central — and refuse every call
/// once its copy expired.
@Suite("A global configuration past 4 MiB reaches every service", .serialized, .timeLimit(.minutes(10)))
struct ConfigurationSizeTests {
    @Test(
        "4,000 enterprise members with long names and two certificates each: Exchange follows the configuration Central signs"
    )
    func largeConfigurationIsFollowed() async throws {
        try await TestPlatform.with { platform in
            let logger = platform.logger
            let target = try await platform.database { database in
                try await database.transaction(logger: logger) { connection in
                    // Members as the registry stores them, each with a connection and a signing certificate (the
                    // configuration carries their fingerprints, subjects and validity, not their bytes).
                    try await database.query(
                        """
                        INSERT INTO central.members (organisation_id, display_name, kind, state)
                        SELECT lpad((100000000 + n)::text, 10, '0'),
                               'Công ty cổ phần số ' || n || repeat(' - Chi nhánh Hà Nội, Hải Phòng, Đà Nẵng', 16),
                               \(Vdxp_Central_V1_OrganisationKind.enterprise), \(Vdxp_Central_V1_MemberState.official)
                        FROM generate_series(1, 4000) AS n
                        """, on: connection, logger: logger)
                    for usage in [Vdxp_Central_V1_CertificateUsage.connection, .signing] {
                        try await database.query(
                            """
                            INSERT INTO central.member_certificates
                                (fingerprint, organisation_id, usage, certificate_der, subject, not_before, not_after)
                            SELECT encode(sha256((n::text || \(usage.rawValue))::bytea), 'hex'),
                                   lpad((100000000 + n)::text, 10, '0'), \(usage),
                                   '\\x3082'::bytea,
                                   'CN=Công ty cổ phần số ' || n || ',OU=Văn thư,O=Công ty cổ phần số ' || n
                                       || ',L=Hà Nội,C=VN',
                                   now() - interval '1 day', now() + interval '365 days'
                            FROM generate_series(1, 4000) AS n
                            """, on: connection, logger: logger)
                    }
                    try await database.query(
                        "UPDATE central.configuration_version SET version = version + 1", on: connection,
                        logger: logger)
                    try await database.query(
                        "NOTIFY central_configuration", on: connection, logger: logger)
                    return try await database.query(
                        "SELECT version FROM central.configuration_version", on: connection, logger: logger
                    ).collect().first?.decode(Int64.self) ?? 0
                }
            }
            var held: GlobalConfigurationSnapshot?
            for _ in 0..<600 {
                held = platform.exchangeHost.globalConfiguration.current()
                if let held, held.version >= target { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let snapshot = try #require(held)
            #expect(snapshot.version >= target, "Exchange still holds version \(snapshot.version), not \(target)")
            #expect(snapshot.members.count > 4000)
            #expect(
                snapshot.signed.configuration.count > 4 * 1024 * 1024,
                "the configuration is past 4 MiB: \(snapshot.signed.configuration.count) bytes")
        }
    }
}
