import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// The business status history of document deliveries, `exchange.status_history` (Art. 14.3): every statement on
/// the table. Each method runs on the given connection (a caller's transaction) or, without one, on the pool.
struct StatusHistoryStore: Sendable {
    let database: Database
    let logger: Logger

    /// Appends one status change of a delivery. Without `statusTime` the change happened when the caller's
    /// transaction began; without `handler` nobody is named (the platform made the change).
    func append(
        _ status: Vdxp_Exchange_V1_DocumentStatus, of deliveryID: UUID, at statusTime: Date? = nil,
        handler: Vdxp_Exchange_V1_Handler? = nil, comment: String = "", retractRequestID: UUID? = nil,
        on connection: PostgresConnection
    ) async throws {
        let handler = handler ?? Vdxp_Exchange_V1_Handler()
        try await database.query(
            """
            INSERT INTO exchange.status_history
                (delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment,
                 retract_request_id)
            VALUES (\(deliveryID), \(status), coalesce(\(statusTime), now()), \(handler.fullName), \(handler.unit),
                    \(handler.position), \(comment), \(retractRequestID))
            """, on: connection, logger: logger)
    }

    /// Appends one status change, made now by `handler`, for each of several deliveries in one statement (a commit
    /// group of acknowledgements), and wakes the status watchers of `documentIDs` on commit with one statement.
    func append(
        _ status: Vdxp_Exchange_V1_DocumentStatus, of deliveryIDs: [UUID], handlers: [Vdxp_Exchange_V1_Handler],
        notifying documentIDs: [String], on connection: PostgresConnection
    ) async throws {
        guard !deliveryIDs.isEmpty else { return }
        var rows = ValuesRows()
        for (deliveryID, handler) in zip(deliveryIDs, handlers) {
            rows.startRow()
            rows.bind(deliveryID)
            try rows.bind(status)
            rows.bind(handler.fullName)
            rows.bind(handler.unit)
            rows.bind(handler.position)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO exchange.status_history
                        (delivery_id, status, status_time, handler_name, handler_unit, handler_position)
                    SELECT d, s, now(), n, u, p FROM (VALUES \(rows.sql)) AS v(d, s, n, u, p)
                    """, binds: rows.binds), on: connection, logger: logger)
        try await notifyStatusWatchers(of: documentIDs, on: connection)
    }

    /// Appends several status changes, each with its own time, handler and comment, in one statement (a commit group
    /// of status reports; two changes of one delivery in the order given), and wakes the status watchers of
    /// `documentIDs` on commit with one statement.
    func append(
        _ entries: [StatusHistoryEntry], notifying documentIDs: [String], on connection: PostgresConnection
    ) async throws {
        guard !entries.isEmpty else { return }
        var rows = ValuesRows()
        for entry in entries {
            rows.startRow()
            rows.bind(entry.deliveryID)
            try rows.bind(entry.status)
            rows.bind(entry.statusTime)
            rows.bind(entry.handler.fullName)
            rows.bind(entry.handler.unit)
            rows.bind(entry.handler.position)
            rows.bind(entry.comment)
        }
        try await database.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO exchange.status_history
                        (delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment)
                    VALUES \(rows.sql)
                    """, binds: rows.binds), on: connection, logger: logger)
        try await notifyStatusWatchers(of: documentIDs, on: connection)
    }

    /// Wakes the status watchers of `documentIDs` on commit, with one statement.
    private func notifyStatusWatchers(of documentIDs: [String], on connection: PostgresConnection) async throws {
        try await database.query(
            """
            SELECT pg_notify(\(ExchangeChannels.status), document_id)
            FROM unnest(\(Array(Set(documentIDs)).sorted())::text[]) AS document_id
            """, on: connection, logger: logger)
    }

    /// The status histories of some deliveries, oldest change first.
    func history(
        of deliveryIDs: [UUID], on connection: PostgresConnection? = nil
    ) async throws -> [UUID: [Vdxp_Exchange_V1_StatusChange]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        var result: [UUID: [Vdxp_Exchange_V1_StatusChange]] = [:]
        for columns in try await database.execute(History(deliveryIDs: deliveryIDs), on: connection, logger: logger) {
            let row = try columns.decode(
                (UUID, Vdxp_Exchange_V1_DocumentStatus, Date, String, String, String, String, Date, UUID?).self)
            result[row.0, default: []].append(
                .with {
                    $0.status = row.1
                    $0.statusTime = .init(date: row.2)
                    if !row.3.isEmpty || !row.4.isEmpty {
                        $0.handler = .with { handler in
                            handler.fullName = row.3
                            handler.unit = row.4
                            handler.position = row.5
                        }
                    }
                    $0.comment = row.6
                    $0.recordTime = .init(date: row.7)
                    if let request = row.8 { $0.retractRequestID = request.uuidString.lowercased() }
                })
        }
        return result
    }

    private struct History: PreparedStatement {
        static let sql = """
            SELECT delivery_id, status, status_time, handler_name, handler_unit, handler_position, comment, record_time,
                   retract_request_id
            FROM exchange.status_history WHERE delivery_id = ANY($1) ORDER BY id
            """
        var deliveryIDs: [UUID]
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: deliveryIDs) }
    }
}

/// One status change of a delivery, to record in `exchange.status_history`.
struct StatusHistoryEntry: Sendable {
    /// The delivery whose status changed.
    var deliveryID: UUID
    /// The status reached.
    var status: Vdxp_Exchange_V1_DocumentStatus
    /// When it was reached.
    var statusTime: Date
    /// Who handled the document.
    var handler: Vdxp_Exchange_V1_Handler
    /// The comment, or the reason of a rejection.
    var comment: String
}
