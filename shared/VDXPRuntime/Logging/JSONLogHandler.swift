import Foundation
public import Logging

/// Writes one JSON object per line to standard error: time (RFC 3339, UTC), level, service, logger label, message,
/// the request id of the current RPC if any, and every metadata field. PostgresNIO's trace lines, which carry the rows
/// read from the database, are dropped even at `VDXP_LOG_LEVEL=trace`.
///
/// ```json
/// {"time":"2026-11-23T10:15:02.114Z","level":"info","service":"exchange","message":"rpc finished","request_id":"8f1c…","method":"vdxp.exchange.v1.ExchangeService/SendDocument","code":"ok","duration_ms":"12.4"}
/// ```
public struct JSONLogHandler: LogHandler {
    /// The service name written in every line.
    public let service: String
    /// The logger's label.
    public let label: String
    /// Fields added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Lines below this level are dropped.
    public var logLevel: Logger.Level

    /// Creates a handler.
    public init(service: String, label: String, level: Logger.Level) {
        self.service = service
        self.label = label
        self.logLevel = level
    }

    /// The module whose trace lines are never written.
    static let postgresModule = "PostgresNIO"

    /// Whether a line at `level` from the module `source` is written (at or above the handler's level).
    static func isWritten(level: Logger.Level, source: String) -> Bool {
        !(level == .trace && source == postgresModule)
    }

    /// Bootstraps swift-log with this handler for the process.
    public static func bootstrap(service: String, level: Logger.Level) {
        LoggingSystem.bootstrap { label in JSONLogHandler(service: service, label: label, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // At trace PostgresNIO logs every message of the wire protocol, the rows it reads included: addresses, phone
        // numbers, titles, password hashes (personal data, Decree 13/2023). Its debug lines and everything of VDXP's
        // own stay.
        guard Self.isWritten(level: event.level, source: event.source) else { return }
        var fields: [String: JSONLogLine.Value] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = JSONLogLine.Value(value)
        }
        fields["time"] = .string(JSONLogLine.now())
        fields["level"] = .string(event.level.rawValue)
        fields["service"] = .string(service)
        fields["logger"] = .string(label)
        fields["message"] = .string(event.message.description)
        if let requestID = RequestContext.current?.requestID { fields["request_id"] = .string(requestID) }
        if event.level >= .error { fields["source"] = .string("\(event.file):\(event.line)") }
        Self.writeToStandardError(JSONLogLine(fields: fields).encoded())
    }

    /// Writes the whole line with `write(2)`, one call in the common case, so that lines from several threads do not
    /// interleave (a write to a pipe of up to 4 KiB is atomic).
    private static func writeToStandardError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
