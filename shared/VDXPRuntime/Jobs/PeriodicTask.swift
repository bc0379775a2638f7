public import Logging
import ServiceLifecycle

/// The loop of a background job that works in rounds: a round now, then one every `interval`, until graceful
/// shutdown or cancellation. A failed round is logged and the next one comes as usual, so a database that is away
/// for a while only delays the job.
///
/// ```swift
/// func run() async throws {
///     await PeriodicTask.run(every: interval, logger: logger, failure: "cannot mark failed deliveries") {
///         try await sweep()
///     }
/// }
/// ```
public enum PeriodicTask {
    /// Runs `round` now and every `interval` after, until shutdown.
    ///
    /// - Parameters:
    ///   - interval: The pause between the end of one round and the start of the next.
    ///   - logger: Where a failed round is logged, with its error under `error`.
    ///   - failure: What a failed round means, for people reading the log.
    ///   - level: The level of that log line; `warning` by default.
    ///   - round: One round of work.
    public static func run(
        every interval: Duration, logger: Logger, failure: Logger.Message, level: Logger.Level = .warning,
        _ round: () async throws -> Void
    ) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await round()
            } catch {
                logger.log(level: level, failure, metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
