import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing
import VDXPStore

@testable import VDXPRuntime

/// `VDXP_LOG_LEVEL=trace` is for finding a fault, and must not turn the log into a copy of the database: PostgresNIO
/// logs every wire message at trace, the rows read included, and the service's log handler drops those lines.
@Suite("Rows read from PostgreSQL never reach the log, even at trace", .timeLimit(.minutes(3)))
struct DatabaseTraceLogTests {
    /// Every event logged, as its level, module and text (message and metadata).
    final class Captured: Sendable {
        let events = Mutex<[(level: Logger.Level, source: String, text: String)]>([])
        var logger: Logger {
            var logger = Logger(label: "test") { _ in Handler(captured: self) }
            logger.logLevel = .trace
            return logger
        }

        struct Handler: LogHandler {
            let captured: Captured
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let text = "\(event.message) \(event.metadata ?? [:])"
                captured.events.withLock { $0.append((event.level, event.source, text)) }
            }
        }
    }

    @Test("a contact's address read at trace is in PostgresNIO's trace lines only, and those are not written")
    func rowsDropped() async throws {
        try await TemporaryDatabase.withDatabase { database, _ in
            let captured = Captured()
            // The wire messages are logged with the pool's logger: a pool of its own, logging to the capture.
            let traced = Database(configuration: database.clientConfiguration, logger: captured.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await traced.run() }
                defer { group.cancelAll() }
                for try await _ in try await traced.query(
                    "SELECT 'vanthu@hue.gov.vn' AS email", logger: captured.logger
                ).decode(String.self) {}
            }
            let address = "vanthu@hue.gov.vn"
            let hex = address.utf8.map { String(format: "%02x", $0) }.joined()
            let events = captured.events.withLock { $0 }
            let carrying = events.filter { $0.text.contains(address) || $0.text.contains(hex) }
            #expect(!carrying.isEmpty, "PostgresNIO logs the row at trace: this test would prove nothing otherwise")
            for event in carrying {
                #expect(event.level == .trace && event.source == JSONLogHandler.postgresModule, "\(event)")
                #expect(!JSONLogHandler.isWritten(level: event.level, source: event.source), "\(event)")
            }
            #expect(JSONLogHandler.isWritten(level: .debug, source: JSONLogHandler.postgresModule))
            #expect(JSONLogHandler.isWritten(level: .trace, source: "VDXPExchange"))
        }
    }
}
