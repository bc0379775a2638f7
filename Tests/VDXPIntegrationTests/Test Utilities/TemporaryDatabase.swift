import Foundation
import Logging
import PostgresNIO
import VDXPLocalCluster
import VDXPStore

/// A throwaway PostgreSQL cluster with a running client and nothing else: for tests of a schema on its own (a
/// migration over rows written as an earlier version left them), where a whole platform would migrate too far.
enum TemporaryDatabase {
    /// Starts a throwaway cluster, runs `body` with a client on it and a quiet logger, and destroys the cluster —
    /// also when `body` throws.
    static func with(_ body: (PostgresClient, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "vdxp.test")
        logger.logLevel = .warning
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            let client = PostgresClient(
                configuration: try DatabaseURL(endpoint.url).clientConfiguration(), backgroundLogger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                try await body(client, logger)
                group.cancelAll()
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }
}

extension TemporaryDatabase {
    /// Starts a throwaway cluster, runs `body` with a running `Database` of `maximumConnections` on it — migrated
    /// to `migrations` of `schema` first, when given — and a quiet logger, and destroys the cluster, also when `body`
    /// throws: for a store's statements on their own, without a service around them.
    static func withDatabase(
        schema: String? = nil, migrations: [Migration] = [], maximumConnections: Int = 2,
        _ body: (Database, Logger) async throws -> Void
    ) async throws {
        var logger = Logger(label: "vdxp.test")
        logger.logLevel = .warning
        let (cluster, endpoint) = try await LocalPostgresCluster.temporary(logger: logger)
        do {
            let database = Database(
                configuration: try DatabaseURL(endpoint.url).clientConfiguration(
                    maximumConnections: maximumConnections),
                logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.waitUntilRunning()
                if let schema {
                    _ = try await SchemaMigrator(schema: schema, migrations: migrations).migrate(
                        client: database.client, logger: logger)
                }
                try await body(database, logger)
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }
}

extension TemporaryDatabase {
    /// Drops `schema` with everything in it and migrates it afresh: a second run on the same throwaway cluster.
    static func recreate(
        schema: String, migrations: [Migration], on database: Database, logger: Logger
    ) async throws {
        try await database.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: logger)
        _ = try await SchemaMigrator(schema: schema, migrations: migrations).migrate(
            client: database.client, logger: logger)
    }
}
