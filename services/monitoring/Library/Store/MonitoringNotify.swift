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
    /// An alert was raised; `WatchAlerts` streams look again — those its payload concerns (``alertPayload(for:)``).
    static let alerts = "monitoring_alerts"
    /// A notification was enqueued or became due; the dispatcher looks again.
    static let outbox = "monitoring_outbox"

    /// Every channel, for the service's `NotificationHub`.
    static let all = [alerts, outbox]

    /// Sends `channel` inside the caller's transaction: listeners hear it when (and only if) it commits.
    static func notify(
        _ channel: String, payload: String = "", on connection: PostgresConnection, of database: Database,
        logger: Logger
    ) async throws {
        try await database.query("SELECT pg_notify(\(channel), \(payload))", on: connection, logger: logger)
    }

    /// The payload of ``alerts`` for alerts raised for `members`: the one member's organisation id, `""` for
    /// platform-wide alerts, `*` for alerts of several members at once.
    static func alertPayload(for members: Set<String>) -> String {
        members.count == 1 ? members.first! : "*"
    }

    /// Whether a `WatchAlerts` stream for `audience` looks again on an ``alerts`` notification with `payload`: the
    /// operator on every one; a member on its own, the platform-wide ones and those of several members. With 10,000
    /// members watching, every alert woke every stream, each of which then queried the database.
    static func concerns(_ audience: AlertAudience, payload: String) -> Bool {
        switch audience {
        case .everyone: true
        case .onlyMember(let member): payload == member || payload == "*"
        case .member(let member): payload == member || payload == "" || payload == "*"
        }
    }
}
