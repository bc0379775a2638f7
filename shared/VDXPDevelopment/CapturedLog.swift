public import Logging
import Synchronization

/// Keeps every line logged through its ``logger(level:)``, for tests that check what a service tells the person on call
/// (a line's level, message and metadata) — and what it must not write.
///
/// ```swift
/// let log = CapturedLog()
/// let streaks = ChannelStreaks()
/// streaks.record(outcome, channel: .email, notificationID: "1", logger: log.logger())
/// #expect(log.lines.map(\.level) == [.warning])
/// ```
public final class CapturedLog: Sendable {
    /// One logged line.
    public struct Line: Sendable {
        /// Its level.
        public let level: Logger.Level
        /// Its message.
        public let message: String
        /// Its metadata (the logger's and the line's), each value as text.
        public let metadata: [String: String]
        /// The module that logged it (`PostgresNIO`, `VDXPRuntime`, …).
        public let source: String
    }

    private let captured = Mutex<[Line]>([])

    /// An empty log.
    public init() {}

    /// The lines logged so far, oldest first.
    public var lines: [Line] { captured.withLock { $0 } }

    /// A logger whose lines at `level` and above are kept here.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "vdxp.captured") { _ in Handler(log: self, logLevel: level) }
        logger.logLevel = level
        return logger
    }

    private func append(_ line: Line) {
        captured.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append(
                Line(
                    level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" },
                    source: event.source))
        }
    }
}
