import Foundation
import GRPCCore
import SwiftProtobuf
import VDXPCore
import VDXPProto
import VDXPRuntime
import VDXPStore

extension ExchangeHandlers {
    /// `FetchInbox`: leases up to `max_deliveries` (default 10) of the caller's inbox entries, as many of them as fit
    /// in `VDXP_EXCHANGE_RESPONSE_BYTES`: the rest are given back at once, their attempt not counted.
    func fetchInbox(
        request: Vdxp_Exchange_V1_FetchInboxRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_FetchInboxResponse {
        let recipient = try activeCaller()
        let maximum = try Validate.pageSize(request.maxDeliveries, default: 10, maximum: 100)
        let leaseLength = try leaseSeconds(request.hasLeaseDuration ? request.leaseDuration : nil)
        let leased = try await lease(upTo: maximum, for: recipient, seconds: leaseLength).deliveries
        return .with { $0.deliveries = leased }
    }

    /// How many of `leased`, from the first, fit in `budget` bytes — at least one, whatever its size (a header is at
    /// most 1 MiB, a message 4 MiB). Counted from the sizes the lease returned, before any document is read, so that
    /// a lease of a hundred large documents never holds more than about one answer's worth in memory.
    static func fitting(_ leased: [DeliveryStore.LeasedDelivery], within budget: Int) -> Int {
        var total = 0
        for (index, entry) in leased.enumerated() {
            total += approximateSize(of: entry)
            if total > budget { return max(index, 1) }
        }
        return leased.count
    }

    /// An upper estimate of an entry's bytes, on the wire and in memory while its answer is built: its signed
    /// document as stored (header, signatures, certificate chains: read for a notice too, for its sender and send
    /// time), its notice's reason, and a kilobyte for the ids, times and framing.
    static func approximateSize(of entry: DeliveryStore.LeasedDelivery) -> Int {
        1024 + entry.documentBytes + (entry.row.notice?.reason.utf8.count ?? 0)
    }

    /// How many entries `SubscribeInbox` leases at a time: enough that a subscriber keeps up with a burst of sends
    /// (a lease transaction per ten entries fell behind at ~280 sends a second on two cores), few enough that a
    /// stream holds a bounded number of documents in memory.
    static let subscriptionLeaseSize = 50

    /// How long an idle `SubscribeInbox` waits before it looks at the inbox again without being woken: each look is a
    /// lease transaction, and thousands of members hold a subscription open (at 2 s, 10,000 idle subscribers made
    /// 5,000 transactions a second). A new delivery wakes its subscriber at once; an expired lease is handed out
    /// again within this wait, and a member suspended or cut off sees its stream end within it.
    static let subscriptionIdleWait: Duration = .seconds(10)

    /// `SubscribeInbox`: leases and streams inbox entries as they become available, ``subscriptionLeaseSize`` at a
    /// time.
    func subscribeInbox(
        request: Vdxp_Exchange_V1_SubscribeInboxRequest,
        response: RPCWriter<Vdxp_Exchange_V1_SubscribeInboxResponse>,
        context: ServerContext
    ) async throws {
        let recipient = try activeCaller()
        let leaseLength = try leaseSeconds(request.hasLeaseDuration ? request.leaseDuration : nil)
        try await hub.withSubscription(to: ExchangeChannels.inbox, matching: { $0 == recipient }) { subscription in
            while !context.cancellation.isCancelled {
                // Checked again at each round: a member suspended or cut off while subscribed (Art. 9.4–9.5) gets
                // nothing more, and its stream ends with the refusal any new call would get.
                _ = try activeCaller()
                noteActivity(method: "SubscribeInbox")
                let leased = try await self.lease(
                    upTo: Self.subscriptionLeaseSize, for: recipient, seconds: leaseLength)
                for delivery in leased.deliveries {
                    try await response.write(.with { $0.delivery = delivery })
                }
                // A full lease, or one cut at the byte budget: more may be waiting.
                if leased.more { continue }
                // Wake on a new delivery (its commit notifies), or after ``subscriptionIdleWait`` to pick up expired
                // leases and to check the caller again.
                if !(await subscription.wait(timeout: Self.subscriptionIdleWait)) { return }
            }
        }
    }

    /// Leases up to `maximum` available inbox entries of `recipient`: queued ones and those whose lease expired
    /// (a document delivery only while attempts remain: then `DeliveryFailureSweeper` fails it), highest priority
    /// first, then oldest; concurrent fetchers never receive the same entry. Of those, only as many as fit in
    /// `VDXP_EXCHANGE_RESPONSE_BYTES` are kept and read (``fitting(_:within:)``); the rest are given back in the same
    /// transaction, their attempt not counted. `more` is true when entries may be waiting still (the lease was full,
    /// or cut).
    ///
    /// Nothing is leased for a caller that has gone: the caller's deadline is checked before the lease and again
    /// before its commit (a lease counts toward the attempts that turn a delivery FAILED).
    ///
    /// The lease's commit does not wait for the disk (`CommitWait.withoutFlush`): a lease lost with a crash of
    /// PostgreSQL leaves the entry as it was before, and it is leased again — as when a lease expires. Delivery is at
    /// least once either way; acknowledging twice is harmless. So a subscriber is woken without a disk flush between
    /// a document's commit and its notification.
    func lease(
        upTo maximum: Int, for recipient: String, seconds: Double
    ) async throws -> (deliveries: [Vdxp_Exchange_V1_Delivery], more: Bool) {
        try RequestContext.checkDeadline()
        let deliveries = self.deliveries
        let (maximumAttempts, budget) = (settings.maximumDeliveryAttempts, settings.responseBytes)
        let (kept, more): ([DeliveryRow], Bool) = try await database.transaction(
            logger: logger, commit: .withoutFlush
        ) { connection in
            let leased = try await deliveries.lease(
                upTo: maximum, for: recipient, seconds: seconds, maximumAttempts: maximumAttempts, on: connection
            ).sorted { ($0.row.priority, $1.row.createTime) > ($1.row.priority, $0.row.createTime) }
            let fitting = Self.fitting(leased, within: budget)
            try await deliveries.giveBack(
                leased[fitting...].map(\.row.deliveryID), of: recipient, on: connection)
            try RequestContext.checkDeadline()
            return (leased.prefix(fitting).map(\.row), fitting < leased.count || leased.count == maximum)
        }
        let documents = try await self.documents.documents(Array(Set(kept.map(\.documentKey))))
        return (kept.compactMap { row in documents[row.documentKey].map { Self.delivery(row, document: $0) } }, more)
    }

    /// An inbox entry as the contract shows it: the signed document, or the notice, with its lease.
    static func delivery(_ row: DeliveryRow, document: DocumentRow) -> Vdxp_Exchange_V1_Delivery {
        .with {
            $0.deliveryID = row.id
            $0.documentID = row.documentID
            $0.senderOrganisationID = document.sender
            $0.priority = row.priority
            $0.kind = row.kind
            if row.kind == .notice, let notice = row.notice {
                $0.notice = notice
            } else {
                $0.signedDocument = document.signed
            }
            $0.state = row.state
            if let expires = row.leaseExpires, row.state == .leased {
                $0.leaseExpireTime = .init(date: expires)
            }
            $0.attempt = row.attemptCount
            $0.sendTime = .init(date: document.sendTime)
        }
    }

    /// `AcknowledgeDelivery`: the recipient confirms it holds the entry; a document reaches ARRIVED (01), handled by
    /// the recipient's document system (Art. 14.3). For a revoking document that is all: the revocation is confirmed
    /// by the recipient's own report, `ConfirmRevocation` (Art. 15.3). Acknowledging twice is harmless. With commit
    /// groups on (the default), concurrent acknowledgements share one transaction (`AcknowledgementCommitter`), each
    /// answered with its own outcome.
    func acknowledgeDelivery(
        request: Vdxp_Exchange_V1_AcknowledgeDeliveryRequest, context: ServerContext
    ) async throws -> Vdxp_Exchange_V1_Delivery {
        let snapshot = try currentConfiguration()
        let recipient = try activeCaller(in: snapshot)
        let acknowledgingSystem = Vdxp_Exchange_V1_Handler.acknowledgingSystem(
            of: recipient, displayName: snapshot.parties[recipient]?.displayName ?? "")
        guard let deliveryID = UUID(uuidString: request.deliveryID) else {
            throw ExchangeError.invalidField(
                field: "delivery_id",
                message: "delivery_id \(request.deliveryID.echoed) is not a delivery id (a UUID)")
        }
        if let acknowledgements {
            let (row, document) = try await acknowledgements.acknowledge(
                PendingAcknowledgement(
                    deliveryID: deliveryID, requestedID: request.deliveryID, recipient: recipient,
                    handler: acknowledgingSystem))
            return Self.delivery(row, document: document)
        }
        let notFound = ExchangeError.deliveryNotAddressedToCaller(deliveryID: request.deliveryID)
        let deliveries = self.deliveries
        let statusHistory = self.statusHistory
        let journal = self.journal
        let lifecycle = self.lifecycle
        let row: DeliveryRow = try await database.transaction(logger: logger) { connection in
            let current = try await deliveries.lock(deliveryID, addressedTo: recipient, on: connection)
            guard var row = current else { throw notFound }
            switch row.state {
            case .acknowledged:
                return row
            case .withdrawn:
                throw ExchangeError.deliveryWithdrawn(
                    deliveryID: request.deliveryID, documentID: row.documentID, disposition: row.disposition)
            case .failed:
                throw ExchangeError.deliveryFailed(
                    deliveryID: request.deliveryID, attempts: row.attemptCount, reason: row.failReason)
            default:
                break
            }
            try await deliveries.acknowledge(row, on: connection)
            if row.kind == .notice {
                row.state = .acknowledged
                row.leaseExpires = nil
                return row
            }
            try await statusHistory.append(.arrived, of: deliveryID, handler: acknowledgingSystem, on: connection)
            try await journal.append(
                .with {
                    $0.deliveryAcknowledged = .with {
                        $0.recipientOrganisationID = recipient
                        $0.deliveryID = request.deliveryID.lowercased()
                        $0.attempt = row.attemptCount
                    }
                }, type: "delivery.acknowledged", documentID: row.documentID, on: connection)
            try await lifecycle.notifyStatus(row.documentID, on: connection)
            row.state = .acknowledged
            row.status = .arrived
            row.leaseExpires = nil
            return row
        }
        guard let document = try await documents.document(row.documentID, version: row.version) else { throw notFound }
        return Self.delivery(row, document: document)
    }
}
