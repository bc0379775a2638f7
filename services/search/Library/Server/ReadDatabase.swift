import Logging
import ServiceLifecycle
import VDXPRuntime
import VDXPStore

/// The pool Search's queries read from: `VDXP_READ_DATABASE_URL` (a replica, or the read pooler in Kubernetes), or
/// the primary's pool when that setting is absent or names the primary. A pool of its own runs as a background
/// service with its own reachability probe, so that a replica outage answers queries UNAVAILABLE at once.
struct ReadDatabase: Sendable {
    /// The pool to read from.
    let database: Database
    /// The jobs that keep it running (none when it is the primary's pool).
    let services: [any Service]

    /// The read pool for `configuration`; `primary` is the service's own (running) pool.
    static func make(configuration: ServiceConfiguration, primary: Database, logger: Logger) throws -> ReadDatabase {
        let read = configuration.readDatabaseURL
        let main = configuration.databaseURL
        if read.description == main.description && read.password == main.password {
            return ReadDatabase(database: primary, services: [])
        }
        let database = Database(
            configuration: read.clientConfiguration(maximumConnections: configuration.databaseMaximumConnections),
            logger: logger)
        return ReadDatabase(
            database: database,
            services: [
                PoolRunner(database: database),
                DatabaseProbe(database: database, connection: try read.connectionConfiguration(), logger: logger),
            ])
    }
}

/// Runs a `Database` pool until graceful shutdown.
private struct PoolRunner: Service {
    let database: Database

    func run() async throws {
        await cancelWhenGracefulShutdown { await database.run() }
    }
}
