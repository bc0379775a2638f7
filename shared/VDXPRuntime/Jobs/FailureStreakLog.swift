import Foundation
public import Logging
import VDXPCore
import VDXPStore

/// The log of a loop that retries one job every second or so — chain the journal, publish the configuration —
/// during an outage: the first failure at `level`, then at most one line per ``reminderInterval`` saying how many
/// failed since, and one notice when the job works again. A database down for ten minutes is then three lines, not
/// six hundred, and the line that says it is over is there too.
///
/// ```swift
/// var streak = FailureStreakLog(job: "chain the journal", logger: logger)
/// do { try await chain(); streak.succeeded() } catch { streak.failed(error) }
/// ```
public struct FailureStreakLog: Sendable {
    /// How often a streak that goes on is logged again.
    public static let reminderInterval: Duration = .seconds(60)

    /// What the job does, in words: "cannot <job>" and "<job>: works again".
    public let job: String
    /// The level of the first failure and the reminders.
    public let level: Logger.Level
    private let logger: Logger
    private var since: ContinuousClock.Instant? = nil
    private var lastLogged: ContinuousClock.Instant? = nil
    private var failures = 0

    /// A log for `job`, failures at `level` (error by default).
    public init(job: String, level: Logger.Level = .error, logger: Logger) {
        self.job = job
        self.level = level
        self.logger = logger
    }

    /// Records a failure: logged if it is the first of its streak or the last line is ``reminderInterval`` old.
    public mutating func failed(_ error: any Error, now: ContinuousClock.Instant = .now) {
        failures += 1
        if since == nil { since = now }
        if let lastLogged, now - lastLogged < Self.reminderInterval { return }
        lastLogged = now
        var metadata: Logger.Metadata = ["error": "\(loggedDescription(of: error))"]
        if failures > 1 { metadata["failures"] = "\(failures)" }
        logger.log(level: level, "cannot \(job); retrying", metadata: metadata)
    }

    /// Records a success: after failures, logs that the job works again, how many attempts failed and for how long.
    public mutating func succeeded(now: ContinuousClock.Instant = .now) {
        guard let since else { return }
        logger.notice(
            "\(job): works again",
            metadata: ["failures": "\(failures)", "failing_seconds": "\(Int((now - since).timeInterval))"])
        (self.since, lastLogged, failures) = (nil, nil, 0)
    }
}
