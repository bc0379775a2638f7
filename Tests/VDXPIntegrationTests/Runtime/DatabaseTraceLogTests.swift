import Foundation
import Logging
import PostgresNIO
import Testing
import VDXPDevelopment
import VDXPStore

@testable import VDXPRuntime

/// `VDXP_LOG_LEVEL=trace` is for finding a fault, and must not turn the log into a copy of the database: PostgresNIO
/// logs every wire message at trace, the rows read included, and the service's log handler drops those lines.
@Suite("Rows read from PostgreSQL never reach the log, even at trace", .timeLimit(.minutes(3)))
struct DatabaseTraceLogTests {
    @Test("a contact's address read at trace is in PostgresNIO's trace lines only, and those are not written")
    func rowsDropped() async throws {
        try await TemporaryDatabase.withDatabase { database, _ in
            let captured = CapturedLog()
            // The wire messages are logged with the pool's logger: a pool of its own, logging to the capture.
            let traced = Database(configuration: database.clientConfiguration, logger: captured.logger())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await traced.run() }
                defer { group.cancelAll() }
                for try await _ in try await traced.query(
                    "SELECT 'vanthu@hue.gov.vn' AS email", logger: captured.logger()
                ).decode(String.self) {}
            }
            let address = "vanthu@hue.gov.vn"
            let hex = address.utf8.map { String(format: "%02x", $0) }.joined()
            let carrying = captured.lines.filter { line in
                let text = "\(line.message) \(line.metadata)"
                return text.contains(address) || text.contains(hex)
            }
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
