import Logging
import PostgresNIO
import VDXPStore

/// The PostgreSQL NOTIFY channels Exchange uses. A notification only says "look again".
enum ExchangeChannels {
    /// A delivery became available; payload: the recipient's organisation id.
    static let inbox = "exchange_inbox"
    /// A recipient's state changed; payload: the document id.
    static let status = "exchange_status"
    /// New journal entries wait to be chained.
    static let journalPending = "exchange_journal_pending"
    /// New journal entries were chained.
    static let journalChained = "exchange_journal"

    /// Every channel, for the service's `NotificationHub`.
    static let all = [inbox, status, journalPending, journalChained]

    /// Sends `payload` on `channel` inside the caller's transaction: listeners hear it when (and only if) the
    /// transaction commits.
    static func notify(
        _ channel: String, payload: String = "", on connection: PostgresConnection, of database: Database,
        logger: Logger
    ) async throws {
        try await database.query("SELECT pg_notify(\(channel), \(payload))", on: connection, logger: logger)
    }
}
