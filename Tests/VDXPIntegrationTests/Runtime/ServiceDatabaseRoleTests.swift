import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPLocalCluster
import VDXPMonitoring
import VDXPReport
import VDXPRuntime
import VDXPSearch
import VDXPStore
import VDXPTicket

/// "Each service owns one Postgres schema and its migrations; no service writes another's schema" (the architecture),
/// enforced by PostgreSQL: each service connects as a role of its own that owns its schema and holds nothing else.
@Suite(
    "Database roles: each service connects as its own role, owns its schema and may not touch another's",
    .timeLimit(.minutes(10)))
struct ServiceDatabaseRoleTests {
    static let services = ServiceDatabaseRole.platform.map(\.service)

    @Test("the six services migrate and run as vdxp_<service>: every object of a schema is its role's")
    func servicesRunAsTheirRoles() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.send(try platform.messages(TestPlatform.header(number: "701")))
            let others: [(String, ServiceDefinition)] = [
                ("monitoring", MonitoringService.definition), ("ticket", TicketService.definition),
                ("report", ReportService.definition), ("search", SearchService.definition),
            ]
            var users: [String: String] = [:]
            for (name, definition) in others {
                try await platform.withService(name, definition: definition, settings: [:]) { _, _ in
                    users.merge(try await Self.connectionUsers(platform)) { $1 }
                }
            }
            users.merge(try await Self.connectionUsers(platform)) { $1 }
            for service in Self.services {
                #expect(users["vdxp-\(service)"] == "vdxp_\(service)", "\(service)'s connections: \(users)")
            }

            let owners = try await platform.database { database in
                var owners: [String: Set<String>] = [:]
                let rows = try await database.query(
                    """
                    SELECT n.nspname, pg_get_userbyid(c.relowner) FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ANY(\(Self.services)) AND c.relkind IN ('r', 'p', 'S', 'i', 'v', 'm')
                    UNION ALL
                    SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ANY(\(Self.services))
                    """, logger: platform.logger)
                for try await (schema, owner) in rows.decode((String, String).self) {
                    owners[schema, default: []].insert(owner)
                }
                return owners
            }
            for service in Self.services {
                #expect(owners[service] == ["vdxp_\(service)"], "owners of the \(service) schema: \(owners)")
            }
        }
    }

    @Test("a service's role reads and writes its own schema and is refused every other one (SQLSTATE 42501)")
    func rolesAreConfinedToTheirSchemas() async throws {
        try await TestPlatform.with { platform in
            try await platform.withService("search", definition: SearchService.definition, settings: [:]) { _, _ in }
            for role in ["exchange", "search"] {
                let url = try TestPlatform.serviceDatabaseURL(platform.databaseURL, service: role)
                try await Self.withClient(url, logger: platform.logger) { client in
                    let own = try await client.query(
                        PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(role).schema_migrations"),
                        logger: platform.logger
                    ).collect()
                    #expect(own.count == 1, "\(role) reads its own schema")
                    for other in ["central", "exchange", "search"] where other != role {
                        for statement in [
                            "SELECT count(*) FROM \(other).schema_migrations",
                            "DELETE FROM \(other).schema_migrations",
                            "CREATE TABLE \(other).planted (id integer)",
                        ] {
                            let error = await #expect(throws: PSQLError.self, "\(role): \(statement)") {
                                _ = try await client.query(PostgresQuery(unsafeSQL: statement), logger: platform.logger)
                                    .collect()
                            }
                            #expect(error?.sqlState == "42501", "\(role): \(statement): \(String(reflecting: error))")
                        }
                    }
                }
            }
        }
    }

    @Test("a schema made before the roles existed, owned by the superuser, is handed to its role with its objects")
    func schemaOfAnEarlierDatabaseIsHandedOver() async throws {
        var logger = Logger(label: "vdxp.test")
        logger.logLevel = .warning
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            try await Self.withClient(endpoint.url, logger: logger) { superuser in
                for statement in [
                    "ALTER SCHEMA report OWNER TO vdxp",
                    "CREATE TABLE report.figures (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value text)",
                    "CREATE TABLE report.counters (id serial PRIMARY KEY)",
                    "CREATE SEQUENCE report.numbers",
                    "CREATE FUNCTION report.twice(value integer) RETURNS integer LANGUAGE sql AS 'SELECT 2 * value'",
                ] {
                    try await superuser.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            try await cluster.start()  // the running server again: it hands the schema over
            try await Self.withClient(endpoint.forService("report").url, logger: logger) { report in
                for statement in [
                    "INSERT INTO report.figures (value) VALUES ('one')",
                    "INSERT INTO report.counters DEFAULT VALUES",
                    "SELECT nextval('report.numbers')",
                    "SELECT report.twice(21)",
                    "ALTER TABLE report.figures ADD COLUMN note text",
                    "CREATE INDEX figures_value ON report.figures (value)",
                ] {
                    _ = try await report.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    /// Which role each `vdxp-<service>` connection of the platform's database uses, by application name.
    static func connectionUsers(_ platform: TestPlatform) async throws -> [String: String] {
        try await platform.database { database in
            var users: [String: String] = [:]
            let rows = try await database.query(
                """
                SELECT application_name, usename FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE 'vdxp-%'
                """, logger: platform.logger)
            for try await (name, user) in rows.decode((String, String).self) { users[name] = user }
            return users
        }
    }

    /// Runs `body` with a client connected to `url`.
    static func withClient(
        _ url: String, logger: Logger, _ body: (PostgresClient) async throws -> Void
    ) async throws {
        let client = PostgresClient(
            configuration: try DatabaseURL(url).clientConfiguration(maximumConnections: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}

/// The roles in the deployments are the roles the tests run with.
@Suite("Database roles: the deployments' SQL is the SQL the local clusters run", .timeLimit(.minutes(5)))
struct ServiceRolesScriptTests {
    /// `k8s/base/service-roles.sql`, from this file's place in the repository.
    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("k8s/base/service-roles.sql")
        .path

    @Test("k8s/base/service-roles.sql (CloudNativePG's bootstrap SQL, Compose's init script) is ServiceDatabaseRole's")
    func deploymentScriptIsGenerated() throws {
        // VDXP_WRITE_SERVICE_ROLES_SQL=1 writes the file after a change to ServiceDatabaseRole.
        if ProcessInfo.processInfo.environment["VDXP_WRITE_SERVICE_ROLES_SQL"] == "1" {
            try ServiceDatabaseRole.provisioningScript.write(toFile: Self.scriptPath, atomically: true, encoding: .utf8)
        }
        let file = try String(contentsOfFile: Self.scriptPath, encoding: .utf8)
        #expect(
            file == ServiceDatabaseRole.provisioningScript,
            "k8s/base/service-roles.sql is out of date: run this test with VDXP_WRITE_SERVICE_ROLES_SQL=1")
    }
}
