import VDXPProto
public import ServiceLifecycle
import Foundation
import Metrics

/// Keeps the health board true. The server as a whole (`""`, what liveness probes ask) is SERVING while the process
/// runs; each named gRPC service (what readiness probes ask) is SERVING only while this process holds a global
/// configuration that has not expired, so a pod whose Central is unreachable is taken out of rotation without being
/// restarted. Everything turns NOT_SERVING once shutdown begins.
/// Also exports `vdxp_global_configuration_expires_in_seconds` and `vdxp_global_configuration_version`.
public struct ReadinessMonitor: Service {
    let board: HealthStatusBoard
    let store: GlobalConfigurationStore
    let interval: Duration

    /// Creates the monitor.
    public init(board: HealthStatusBoard, store: GlobalConfigurationStore, interval: Duration = .seconds(1)) {
        self.board = board
        self.store = store
        self.interval = interval
    }

    public func run() async throws {
        let expiresIn = Gauge(label: "vdxp_global_configuration_expires_in_seconds")
        let version = Gauge(label: "vdxp_global_configuration_version")
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                board.set(.serving, for: "")
                if let snapshot = store.current() {
                    board.setNamed(.serving)
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
