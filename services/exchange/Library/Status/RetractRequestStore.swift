import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// Retract requests (13) and their answers (15, 16), `exchange.retract_requests` (Art. 15.1): every statement on
/// the table. Each method runs on the given connection (a caller's transaction) or, without one, on the pool.
struct RetractRequestStore: Sendable {
    let database: Database
    let logger: Logger

    /// A retract request locked with the copy it is about.
    struct LockedRequest: Sendable {
        var state: Vdxp_Exchange_V1_RetractRequestState
        var deliveryID: UUID
        var documentID: String
        var recipient: String
        var disposition: Vdxp_Exchange_V1_Disposition
        var answerTime: Date?
        /// The version of `documentID` the copy holds.
        var version: Int32
    }

    /// Records an open request to take back the copy `deliveryID`.
    func insert(
        _ requestID: UUID, about deliveryID: UUID, reason: String, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            INSERT INTO exchange.retract_requests (request_id, delivery_id, reason)
            VALUES (\(requestID), \(deliveryID), \(reason))
            """, on: connection, logger: logger)
    }

    /// `kind` of a document's copy, written into the SQL so that the plan can use `deliveries_copy` (partial on it)
    /// to find a document's copies instead of walking every retract request ever made.
    private static let documentKind = String(Vdxp_Exchange_V1_DeliveryKind.document.rawValue)

    /// The deliveries of `documentID` with a request still open.
    func deliveriesWithOpenRequests(
        of documentID: String, on connection: PostgresConnection? = nil
    ) async throws -> Set<UUID> {
        var open: Set<UUID> = []
        for try await deliveryID in try await database.query(
            Self.openRequestsQuery(of: documentID), on: connection, logger: logger
        ).decode(UUID.self) {
            open.insert(deliveryID)
        }
        return open
    }

    /// How many retract requests each copy of `documentID` has had, open or answered, by delivery.
    func requestCounts(of documentID: String, on connection: PostgresConnection) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for try await (deliveryID, count) in try await database.query(
            Self.countsQuery(of: documentID), on: connection, logger: logger
        ).decode((UUID, Int).self) {
            counts[deliveryID] = count
        }
        return counts
    }

    /// The statement of ``deliveriesWithOpenRequests(of:on:)``.
    static func openRequestsQuery(of documentID: String) -> PostgresQuery {
        """
        SELECT r.delivery_id FROM exchange.retract_requests r JOIN exchange.deliveries d USING (delivery_id)
        WHERE d.document_id = \(documentID) AND d.kind = \(unescaped: documentKind)
          AND r.state = \(Vdxp_Exchange_V1_RetractRequestState.open.rawValue)
        """
    }

    /// The statement of ``requestCounts(of:on:)``.
    static func countsQuery(of documentID: String) -> PostgresQuery {
        """
        SELECT r.delivery_id, count(*) FROM exchange.retract_requests r JOIN exchange.deliveries d USING (delivery_id)
        WHERE d.document_id = \(documentID) AND d.kind = \(unescaped: documentKind)
        GROUP BY r.delivery_id
        """
    }

    /// Locks a request with its copy; nil when there is none.
    func lock(_ requestID: UUID, on connection: PostgresConnection) async throws -> LockedRequest? {
        var found: LockedRequest?
        for try await row in try await database.query(
            """
            SELECT r.state, r.delivery_id, d.document_id, d.recipient, d.disposition, r.answer_time, d.version
            FROM exchange.retract_requests r JOIN exchange.deliveries d USING (delivery_id)
            WHERE r.request_id = \(requestID) FOR UPDATE
            """, on: connection, logger: logger
        ).decode(
            (Vdxp_Exchange_V1_RetractRequestState, UUID, String, String, Vdxp_Exchange_V1_Disposition, Date?, Int).self)
        {
            found = LockedRequest(
                state: row.0, deliveryID: row.1, documentID: row.2, recipient: row.3, disposition: row.4,
                answerTime: row.5, version: Int32(row.6))
        }
        return found
    }

    /// Records the recipient's answer to an open request.
    func answer(
        _ requestID: UUID, with answer: Vdxp_Exchange_V1_RetractRequestState, handler: Vdxp_Exchange_V1_Handler,
        reason: String, on connection: PostgresConnection
    ) async throws {
        try await database.query(
            """
            UPDATE exchange.retract_requests
            SET state = \(answer), answer_time = now(), answer_name = \(handler.fullName),
                answer_unit = \(handler.unit), answer_position = \(handler.position), answer_reason = \(reason)
            WHERE request_id = \(requestID)
            """, on: connection, logger: logger)
    }

    /// The retract requests of some deliveries, oldest first.
    func requests(
        of deliveryIDs: [UUID], on connection: PostgresConnection? = nil
    ) async throws -> [UUID: [Vdxp_Exchange_V1_RetractRequest]] {
        guard !deliveryIDs.isEmpty else { return [:] }
        var result: [UUID: [Vdxp_Exchange_V1_RetractRequest]] = [:]
        for row in try await database.execute(Requests(deliveryIDs: deliveryIDs), on: connection, logger: logger) {
            let request = try RetractRequestRow(row)
            result[request.deliveryID, default: []].append(request.proto)
        }
        return result
    }

    private struct Requests: PreparedStatement {
        static let sql = """
            SELECT \(RetractRequestRow.columns) FROM exchange.retract_requests
            WHERE delivery_id = ANY($1) ORDER BY request_time, request_id
            """
        var deliveryIDs: [UUID]
        func makeBindings() -> PostgresBindings { PostgresBindings(binding: deliveryIDs) }
    }
}
