import Foundation
import Metrics
public import ServiceLifecycle
import VDXPProto
public import VDXPStore

/// Keeps the health board true. The server as a whole (`""`, what liveness probes ask) is SERVING while the process
/// runs; each named gRPC service (what readiness probes ask) is SERVING only while this process holds a global
/// configuration that has not expired, so a pod whose Central is unreachable is taken out of rotation without being
/// restarted — and only while the database answers (``VDXPStore/DatabaseProbe``), so that a replica cut off from
/// PostgreSQL is taken out of rotation too. Everything turns NOT_SERVING once shutdown begins.
/// Also exports `vdxp_global_configuration_expires_in_seconds` and `vdxp_global_configuration_version`.
public struct ReadinessMonitor: Service {
    let board: HealthStatusBoard
    let store: GlobalConfigurationStore
    let database: Database?
    let interval: Duration

    /// Creates the monitor.
    ///
    /// - Parameters:
    ///   - board: The health states served.
    ///   - store: The global configuration this process holds.
    ///   - database: The service's database, whose reachability the named services follow (`nil`: not followed).
    ///   - interval: How often the board is brought up to date.
    public init(
        board: HealthStatusBoard, store: GlobalConfigurationStore, database: Database? = nil,
        interval: Duration = .milliseconds(250)
    ) {
        self.board = board
        self.store = store
        self.database = database
        self.interval = interval
    }

    public func run() async throws {
        let expiresIn = Gauge(label: "vdxp_global_configuration_expires_in_seconds")
        let version = Gauge(label: "vdxp_global_configuration_version")
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                board.set(.serving, for: "")
                let databaseReachable = database?.isReachable ?? true
                if let snapshot = store.current() {
                    board.setNamed(databaseReachable ? .serving : .notServing)
                    expiresIn.record(snapshot.expireTime.timeIntervalSinceNow)
                    version.record(Double(snapshot.version))
                } else {
                    board.setNamed(.notServing)
                    expiresIn.record(store.snapshot.map { $0.expireTime.timeIntervalSinceNow } ?? 0)
                }
                try? await Task.sleep(for: interval)
            }
        } onGracefulShutdown: {
            board.setAll(.notServing)
            board.finishWatchers()
        }
    }
}
