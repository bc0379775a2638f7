import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// Keyset cursor of `ListFailedDeliveries`: the last delivery of the previous page.
    struct FailedCursor: Codable, Sendable {
        var failTimeMicros: Int64
        var deliveryID: UUID
    }

    /// `ListFailedDeliveries` (Art. 13.2): the caller's failed deliveries, most recently failed first.
    func listFailedDeliveries(
        request: Vdxp_Exchange_V1_ListFailedDeliveriesRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListFailedDeliveriesResponse {
        let sender = try activeCaller()
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "exchange.failed." + sender
        let cursor = try PageToken<FailedCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let afterMicros = cursor?.failTimeMicros ?? Int64.max
        let afterID = cursor?.deliveryID ?? UUID(uuidString: "ffffffff-ffff-ffff-ffff-ffffffffffff")!
        let rows = try await database.query(
            """
            SELECT \(unescaped: DeliveryRow.columns(qualifiedBy: "d")),
                   (extract(epoch FROM d.fail_time) * 1000000)::bigint AS fail_micros
            FROM exchange.deliveries d JOIN exchange.documents doc USING (document_id)
            WHERE d.state = 4 AND d.kind = 1 AND doc.sender = \(sender)
              AND ((extract(epoch FROM d.fail_time) * 1000000)::bigint, d.delivery_id) < (\(afterMicros), \(afterID))
            ORDER BY fail_micros DESC, d.delivery_id DESC LIMIT \(pageSize + 1)
            """, logger: logger)
        var page: [(DeliveryRow, Int64)] = []
        for try await row in rows {
            page.append((try DeliveryRow(row), try row.makeRandomAccess()["fail_micros"].decode(Int64.self)))
        }
        let shown = Array(page.prefix(pageSize))
        let states = try await repository.recipientStates(for: shown.map(\.0))
        var response = Vdxp_Exchange_V1_ListFailedDeliveriesResponse()
        response.deliveries = zip(shown, states).map { entry, state in
            .with {
                $0.documentID = entry.0.documentID
                $0.recipient = state
            }
        }
        if page.count > pageSize, let last = shown.last {
            response.nextPageToken = try PageToken(FailedCursor(failTimeMicros: last.1, deliveryID: last.0.deliveryID))
                .encoded(scope: scope)
        }
        return response
    }

    /// `RetryDelivery`: the sender puts a FAILED delivery back in the recipient's inbox with a fresh attempt count.
    func retryDelivery(
        request: Vdxp_Exchange_V1_RetryDeliveryRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_RecipientState {
        let snapshot = try currentConfiguration()
        let sender = try activeCaller(in: snapshot)
        guard let deliveryID = UUID(uuidString: request.deliveryID) else {
            throw RPCError(
                code: .invalidArgument,
                message: "delivery_id \(request.deliveryID.echoed) is not a delivery id (a UUID)")
        }
        let notFound = RPCError(code: .notFound, message: "no delivery \(request.deliveryID) of a document you sent")
        let journal = self.journal
        let logger = self.logger
        let delivery: DeliveryRow = try await database.transaction(logger: logger) { connection in
            var found: DeliveryRow?
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: DeliveryRow.columns(qualifiedBy: "d"))
                FROM exchange.deliveries d JOIN exchange.documents doc USING (document_id)
                WHERE d.delivery_id = \(deliveryID) AND d.kind = 1 AND doc.sender = \(sender) FOR UPDATE OF d
                """, logger: logger)
            {
                found = try DeliveryRow(row)
            }
            guard let delivery = found else { throw notFound }
            guard delivery.state == .failed else {
                throw RPCError(
                    code: .failedPrecondition,
                    message:
                        "delivery \(request.deliveryID) is \(delivery.state.word), not FAILED: only a failed delivery is retried"
                )
            }
            guard ConnectionLifecycle.canExchange(snapshot.members[delivery.recipient]?.state ?? .unspecified) else {
                throw RPCError(
                    code: .failedPrecondition,
                    message: "recipient \(delivery.recipient) cannot receive documents now (not an active member): "
                        + "contact it or the operator before retrying")
            }
            try await connection.query(
                """
                UPDATE exchange.deliveries SET state = 1, attempt_count = 0, fail_time = NULL, lease_expires = NULL
                WHERE delivery_id = \(deliveryID)
                """, logger: logger)
            try await journal.append(
                .with {
                    $0.deliveryRetried = .with {
                        $0.recipientOrganisationID = delivery.recipient
                        $0.deliveryID = delivery.id
                    }
                }, type: "delivery.retried", documentID: delivery.documentID, on: connection)
            try await connection.query(
                "SELECT pg_notify(\(ExchangeChannels.inbox), \(delivery.recipient))", logger: logger)
            try await connection.query(
                "SELECT pg_notify(\(ExchangeChannels.status), \(delivery.documentID))", logger: logger)
            return delivery
        }
        guard
            let state = try await repository.recipientStates(of: delivery.documentID, recipient: delivery.recipient)
                .first
        else { throw notFound }
        return state
    }
}

extension Vdxp_Exchange_V1_DeliveryState {
    /// The state as messages write it, e.g. "ACKNOWLEDGED".
    var word: String {
        switch self {
        case .queued: return "QUEUED"
        case .leased: return "LEASED"
        case .acknowledged: return "ACKNOWLEDGED"
        case .failed: return "FAILED"
        case .withdrawn: return "WITHDRAWN"
        case .unspecified, .UNRECOGNIZED: return "in an unknown state"
        }
    }
}
