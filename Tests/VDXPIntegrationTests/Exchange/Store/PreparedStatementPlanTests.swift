import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPStore

@testable import VDXPExchange

/// Exchange's prepared statements on `exchange.deliveries` keep their indexes when PostgreSQL plans them once for any
/// values (a generic plan, which it may adopt after five runs on a connection): the constants that a partial index's
/// predicate names are written into the statement's text, never bound. Checked on a real PostgreSQL with Exchange's
/// schema, the generic plan forced and sequential scans priced out (`enable_seqscan = off`), so that a plan can only
/// scan the whole table when no index is usable — as with a bound `kind` or `state`.
@Suite("Prepared statements keep their indexes in a generic plan", .timeLimit(.minutes(3)))
struct PreparedStatementPlanTests {
    @Test("a recipient's inbox lease reads the inbox index, whatever the values")
    func leaseUsesTheInboxIndex() async throws {
        let plan = try await Self.genericPlan(
            of: DeliveryStore.Lease.sql, arguments: "'000.00.00.H01', 10, 100, 30.0")
        #expect(plan.contains("deliveries_inbox"), "\(plan)")
        #expect(!plan.contains("Seq Scan"), "\(plan)")
    }

    @Test("a status group's lock of the copies reads the copy index, whatever the values")
    func copiesLockUsesTheCopyIndex() async throws {
        let plan = try await Self.genericPlan(
            of: DeliveryStore.LockCurrentCopies.sql,
            arguments: "ARRAY['000.00.00.H01,2026,1/UBND']::text[], ARRAY['000.00.00.H02']::text[]")
        #expect(plan.contains("deliveries_copy"), "\(plan)")
        #expect(!plan.contains("Seq Scan"), "\(plan)")
    }

    /// The generic plan of `sql` (PREPAREd as it stands, its parameters' types inferred by PostgreSQL), executed with
    /// `arguments`, on a fresh database with Exchange's schema.
    private static func genericPlan(of sql: String, arguments: String) async throws -> String {
        var plan = ""
        try await TemporaryDatabase.with { client, logger in
            _ = try await SchemaMigrator(schema: "exchange", migrations: ExchangeMigrations.all)
                .migrate(client: client, logger: logger)
            plan = try await client.withConnection { connection in
                for setting in ["SET plan_cache_mode = force_generic_plan", "SET enable_seqscan = off"] {
                    try await connection.query(PostgresQuery(unsafeSQL: setting), logger: logger)
                }
                try await connection.query(PostgresQuery(unsafeSQL: "PREPARE checked AS " + sql), logger: logger)
                var lines: [String] = []
                for try await line in try await connection.query(
                    PostgresQuery(unsafeSQL: "EXPLAIN (COSTS OFF) EXECUTE checked(\(arguments))"), logger: logger
                ).decode(String.self) {
                    lines.append(line)
                }
                return lines.joined(separator: "\n")
            }
        }
        return plan
    }
}
