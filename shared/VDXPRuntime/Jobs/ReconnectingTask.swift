import ServiceLifecycle

/// The loop of a background job that holds one long-lived stream (Central's global configuration, Exchange's journal):
/// connect and follow until the stream ends or fails, then connect again, until graceful shutdown or cancellation.
///
/// The pause before connecting again starts at 0.2 s and doubles after each failure, up to 5 s; a stream that ended
/// without an error, or with one the job expects (``Ending/expected``: it fell behind, a rebuild moved its cursor),
/// brings it back to 0.2 s. A failure seen while the service shuts down ends the loop quietly.
///
/// ```swift
/// func run() async throws {
///     await ReconnectingTask.run({ try await followOnce() }) { error in
///         logger.warning("cannot follow Exchange's journal; retrying", metadata: ["error": "\(loggedDescription(of: error))"])
///         return .failed
///     }
/// }
/// ```
public enum ReconnectingTask {
    /// What an error that ended the stream means.
    public enum Ending: Sendable {
        /// An ending the job expects: connect again after the shortest pause.
        case expected
        /// A failure: connect again after a pause that doubles, up to 5 s.
        case failed
    }

    /// The shortest pause before connecting again.
    static let shortestPause = Duration.milliseconds(200)
    /// The longest.
    static let longestPause = Duration.seconds(5)

    /// Runs `connect` again and again until shutdown; `ending` says what each error means (and logs it).
    ///
    /// - Parameters:
    ///   - connect: Connects and follows the stream; returns when it ends, throws when it fails.
    ///   - ending: Called with each error (never during shutdown); its answer sets the pause.
    public static func run(
        _ connect: @escaping @Sendable () async throws -> Void, ending: (any Error) -> Ending
    ) async {
        await run(connect, ending: ending) { pause in try? await Task.sleep(for: pause) }
    }

    /// ``run(_:ending:)`` with the pause taken by `wait` (tests record it instead of sleeping).
    static func run(
        _ connect: @escaping @Sendable () async throws -> Void, ending: (any Error) -> Ending,
        wait: (Duration) async -> Void
    ) async {
        var pause = shortestPause
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await connect() }
                pause = shortestPause
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                switch ending(error) {
                case .expected: pause = shortestPause
                case .failed: break
                }
            }
            await wait(pause)
            pause = min(pause * 2, longestPause)
        }
    }
}
