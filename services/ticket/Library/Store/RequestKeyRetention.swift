import Foundation
import Logging
import ServiceLifecycle
import VDXPCore
import VDXPRuntime

/// Deletes the `request_id`s older than ``RequestKeyStore/keptFor`` (30 days), every `interval` on every replica (rows
/// taken with SKIP LOCKED), ten thousand a statement: a retry comes within seconds or minutes of its call, and the
/// table otherwise grew by a row per call that carried a key.
struct RequestKeyRetention: Service {
    let keys: RequestKeyStore
    var interval: Duration = .seconds(3600)
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        await PeriodicTask.run(every: interval, logger: logger, failure: "cannot delete old request ids") {
            try await sweep()
        }
    }

    /// Deletes every key past ``RequestKeyStore/keptFor`` at the clock's time; returns how many.
    @discardableResult
    func sweep() async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-RequestKeyStore.keptFor.timeInterval)
        return try await deletingInBatches(of: 10_000) { try await keys.delete(recordedBefore: cutoff, limit: $0) }
    }
}
