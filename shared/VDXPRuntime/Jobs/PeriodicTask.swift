public import Logging
import ServiceLifecycle
import VDXPStore

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
    ///   - roundLimit: The longest one round may take before the job gives up on it (it is left to finish on its
    ///     own) and carries on.
    ///   - round: One round of work.
    public static func run(
        every interval: Duration, logger: Logger, failure: Logger.Message, level: Logger.Level = .warning,
        roundLimit: Duration = .seconds(60),
        _ round: @escaping @Sendable () async throws -> Void
    ) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // Bounded: a query caught on a connection that dies mid-way may never answer (seen when PostgreSQL
                // stops during a round); the job moves on, and graceful shutdown is never held up by it.
                try await awaitingAtMost(roundLimit) { try await round() }
            } catch {
                logger.log(level: level, failure, metadata: ["error": "\(loggedDescription(of: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
