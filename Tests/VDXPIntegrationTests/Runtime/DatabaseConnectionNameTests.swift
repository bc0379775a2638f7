import Foundation
import PostgresNIO
import Testing
import VDXPStore

/// An operator looking at `pg_stat_activity` (or `vdxp bench send` sharing PostgreSQL's CPU out among the services)
/// sees whose each connection is.
@Suite("Database connections say which service they belong to", .timeLimit(.minutes(10)))
struct DatabaseConnectionNameTests {
    @Test("Central's and Exchange's connections are named vdxp-central and vdxp-exchange")
    func connectionsAreNamed() async throws {
        try await TestPlatform.with { platform in
            let client = PostgresClient(
                configuration: try DatabaseURL(platform.databaseURL).clientConfiguration(maximumConnections: 1),
                backgroundLogger: platform.logger)
            let names = try await withThrowingTaskGroup(of: Set<String>.self) { group in
                group.addTask {
                    await client.run()
                    return []
                }
                defer { group.cancelAll() }
                var names: Set<String> = []
                for try await name in try await client.query(
                    "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
                ).decode(String.self) {
                    names.insert(name)
                }
                return names
            }
            #expect(names.isSuperset(of: ["vdxp-central", "vdxp-exchange"]), "named: \(names.sorted())")
        }
    }
}
