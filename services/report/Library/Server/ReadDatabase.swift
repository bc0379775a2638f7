import Logging
import PostgresNIO
import ServiceLifecycle
import VDXPStore

/// The pool of `VDXP_READ_DATABASE_URL` (when it differs from the primary) and its reachability probe, run for the
/// service's lifetime.
struct ReadDatabase: Service {
    let database: Database
    let probe: PostgresConnection.Configuration
    let logger: Logger

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await database.run() }
            group.addTask { try await DatabaseProbe(database: database, connection: probe, logger: logger).run() }
            try await gracefulShutdown()
            group.cancelAll()
        }
    }
}
