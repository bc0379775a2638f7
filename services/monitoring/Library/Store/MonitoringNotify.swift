import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

/// The PostgreSQL NOTIFY channels Monitoring uses. A notification only says "look again".
enum MonitoringNotify {
    /// An alert was raised or acknowledged; `WatchAlerts` streams look again.
    static let alerts = "monitoring_alerts"
    /// A notification was enqueued or became due; the dispatcher looks again.
    static let outbox = "monitoring_outbox"

    /// Every channel, for the service's `NotificationHub`.
    static let all = [alerts, outbox]

    /// Sends `channel` inside the caller's transaction: listeners hear it when (and only if) it commits.
    static func notify(_ channel: String, on connection: PostgresConnection, of database: Database, logger: Logger)
        async throws
    {
        try await database.query("SELECT pg_notify(\(channel), '')", on: connection, logger: logger)
    }
}
