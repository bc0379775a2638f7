import Foundation
public import Logging

/// Writes one JSON object per line to standard error: time (RFC 3339, UTC), level, service, logger label, message,
/// the request id of the current RPC if any, and every metadata field.
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

    /// Bootstraps swift-log with this handler for the process.
    public static func bootstrap(service: String, level: Logger.Level) {
        LoggingSystem.bootstrap { label in JSONLogHandler(service: service, label: label, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": Self.timestamp(),
            "level": event.level.rawValue,
            "service": service,
            "logger": label,
            "message": event.message.description,
        ]
        if let requestID = RequestContext.current?.requestID { object["request_id"] = requestID }
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = Self.json(value)
        }
        if event.level >= .error { object["source"] = "\(event.file):\(event.line)" }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }

    private static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let array): return array.map(json)
        case .dictionary(let dictionary): return dictionary.mapValues(json)
        }
    }

    private static func timestamp() -> String {
        Date().formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
