import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPStore

@testable import VDXPCentral

/// Central's schema version 5 on data written before it: the state before a suspension, which one column used to
/// share with the state before a cut-off, and the interruption of a trial (Art. 8.3).
@Suite("Central migration 5: the lifecycle's memories on existing members", .serialized)
struct CentralLifecycleMigrationTests {
    @Test("a trial member cut off while suspended before the upgrade resumes to TRIAL; its time away is not counted")
    func upgradesExistingMembers() async throws {
        try await TemporaryDatabase.with { client, logger in try await Self.check(client: client, logger: logger) }
    }

    /// Writes members as versions 1–4 left them, migrates to version 5 and reads what it derived.
    private static func check(client: PostgresClient, logger: Logger) async throws {
        let before = SchemaMigrator(schema: "central", migrations: CentralMigrations.all.filter { $0.version < 5 })
        _ = try await before.migrate(client: client, logger: logger)
        // States as numbers: OFFICIAL 1, CUT_OFF 2, TRIAL 4, SUSPENDED 5.
        try await client.query(
            """
            INSERT INTO central.members (organisation_id, display_name, kind, state, state_before, trial_start_time)
            VALUES ('000.00.00.H01', 'Trial, suspended, then cut off', 1, 2, 5, '2026-11-02T02:00:00Z'),
                   ('000.00.00.H02', 'Official, suspended, then cut off', 1, 2, 5, '2026-10-01T02:00:00Z'),
                   ('000.00.00.H03', 'Trial, suspended', 1, 5, 4, '2026-11-02T02:00:00Z'),
                   ('000.00.00.H04', 'Official, suspended', 1, 5, 1, '2026-10-01T02:00:00Z')
            """, logger: logger)
        try await client.query(
            """
            INSERT INTO central.audit_log (record_time, actor, action, target)
            VALUES ('2026-10-09T02:00:00Z', 'operator admin', 'make_official', '000.00.00.H02'),
                   ('2026-11-03T02:00:00Z', 'member 000.00.00.H01', 'suspend_member', '000.00.00.H01'),
                   ('2026-11-04T02:00:00Z', 'operator admin', 'cut_off_member', '000.00.00.H01')
            """, logger: logger)
        let after = SchemaMigrator(schema: "central", migrations: CentralMigrations.all.filter { $0.version <= 5 })
        #expect(try await after.migrate(client: client, logger: logger) == [5])

        var found: [String: (Int16?, Date?)] = [:]
        for try await (id, beforeSuspension, since) in try await client.query(
            """
            SELECT organisation_id, state_before_suspension, trial_interrupted_since FROM central.members
            ORDER BY organisation_id
            """, logger: logger
        ).decode((String, Int16?, Date?).self) {
            found[id] = (beforeSuspension, since)
        }
        let suspendedOnTuesday = ISO8601DateFormatter().date(from: "2026-11-03T02:00:00Z")
        #expect(found["000.00.00.H01"]?.0 == 4, "never made official: it was in TRIAL")
        #expect(found["000.00.00.H01"]?.1 == suspendedOnTuesday, "interrupted from the suspension, not the cut-off")
        #expect(found["000.00.00.H02"]?.0 == 1, "made official before its suspension")
        #expect(found["000.00.00.H02"]?.1 == nil)
        #expect(found["000.00.00.H03"]?.0 == 4)
        #expect(found["000.00.00.H03"]?.1 != nil)
        #expect(found["000.00.00.H04"]?.0 == 1)
        #expect(found["000.00.00.H04"]?.1 == nil)
    }
}
