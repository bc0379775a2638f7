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
