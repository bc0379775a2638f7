import Foundation
import Logging
import ServiceLifecycle
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The periodic evaluation of every member's connection against the clock: a member that stays silent becomes
/// DEGRADED, then DISCONNECTED (and its contacts are notified), without any event to trigger it.
struct ConnectionEvaluator: Service {
    let tracker: ConnectionTracker
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot evaluate member connections") {
            try await tracker.evaluateAll()
        }
    }
}
