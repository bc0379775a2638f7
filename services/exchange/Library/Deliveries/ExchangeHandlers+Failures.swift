import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// Keyset cursor of `ListFailedDeliveries`: the last delivery of the previous page.
    struct FailedCursor: Codable, Sendable, BoundedPageCursor {
        var failTimeMicros: Int64
        var deliveryID: UUID

        var isInRange: Bool { WellKnownTypeRanges.isTimestamp(microseconds: Double(failTimeMicros)) }
    }

    /// `ListFailedDeliveries` (Art. 13.2): the caller's failed deliveries, most recently failed first.
    func listFailedDeliveries(
        request: Vdxp_Exchange_V1_ListFailedDeliveriesRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_ListFailedDeliveriesResponse {
        let sender = try activeCaller()
        let pageSize = try Validate.pageSize(request.pageSize, default: 20, maximum: 100)
        let scope = "exchange.failed." + sender
        let cursor = try PageToken<FailedCursor>.decodeIfPresent(request.pageToken, scope: scope)
        let page = try await deliveries.failedPage(
            sentBy: sender, after: cursor.map { (failTimeMicros: $0.failTimeMicros, deliveryID: $0.deliveryID) },
            limit: pageSize + 1)
        let shown = Array(page.prefix(pageSize))
        let states = try await views.recipientStates(for: shown.map(\.delivery))
        var response = Vdxp_Exchange_V1_ListFailedDeliveriesResponse()
        response.deliveries = zip(shown, states).map { entry, state in
            .with {
                $0.documentID = entry.delivery.documentID
                $0.recipient = state
            }
        }
        if page.count > pageSize, let last = shown.last {
            response.nextPageToken = try PageToken(
                FailedCursor(failTimeMicros: last.failTimeMicros, deliveryID: last.delivery.deliveryID)
            )
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
            throw ExchangeError.invalidField(
                field: "delivery_id",
                message: "delivery_id \(request.deliveryID.echoed) is not a delivery id (a UUID)")
        }
        let notFound = ExchangeError.deliveryNotSentByCaller(deliveryID: request.deliveryID)
        let deliveries = self.deliveries
        let journal = self.journal
        let lifecycle = self.lifecycle
        // A retried delivery is due again by the configured time and the end of the working day (Art. 13.2).
        let acknowledgeDue = settings.acknowledgementDeadline.deadline(
            sentAt: clock.now(), calendar: snapshot.calendar)
        let delivery: DeliveryRow = try await database.transaction(logger: logger) { connection in
            let found = try await deliveries.lock(deliveryID, sentBy: sender, on: connection)
            guard let delivery = found else { throw notFound }
            guard delivery.state == .failed else {
                throw ExchangeError.deliveryNotFailed(deliveryID: request.deliveryID, state: delivery.state)
            }
            let member = snapshot.parties[delivery.recipient]
            guard ConnectionLifecycle.canExchange(member?.state ?? .unspecified) else {
                throw ExchangeError.recipientInactive(
                    recipient: delivery.recipient,
                    successor: member?.state == .closed ? member?.successorOrganisationID : nil)
            }
            try await deliveries.retry(delivery, acknowledgeDue: acknowledgeDue, on: connection)
            try await journal.append(
                .with {
                    $0.deliveryRetried = .with {
                        $0.recipientOrganisationID = delivery.recipient
                        $0.deliveryID = delivery.id
                    }
                }, type: "delivery.retried", documentID: delivery.documentID, on: connection)
            try await lifecycle.notifyStatus(delivery.documentID, on: connection)
            return delivery
        }
        guard
            let state = try await views.recipientStates(of: delivery.documentKey, recipient: delivery.recipient)
                .first
        else { throw notFound }
        return state
    }
}
