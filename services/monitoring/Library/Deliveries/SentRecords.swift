import Foundation
import PostgresNIO
import VDXPProto

/// The sent documents and the deliveries' times a batch of journal entries reads and writes, held in memory while
/// ``JournalFollower`` applies the batch: loaded with one query per table for the ids the batch names
/// (``load(for:documents:deliveries:on:)``), changed entry by entry in journal order — an entry reads what an earlier
/// entry of the same batch recorded — and written at the end with one statement per table (``save(on:)``), inside
/// the follower's transaction. Each entry reading and writing its own rows cost four to five statements per document
/// sent and acknowledged.
struct SentRecords: Sendable {
    typealias SentDocument = SentDocumentStore.SentDocument
    typealias Delivery = DeliveryTimesStore.Delivery
    typealias DeliveryTimes = DeliveryTimesStore.DeliveryTimes

    private let documentStore: SentDocumentStore
    private let deliveryStore: DeliveryTimesStore
    private var documents: [String: SentDocument]
    private var deliveries: [String: Delivery]
    /// The ids changed, written in id order.
    private var changedDocuments: Set<String> = []
    private var changedDeliveries: Set<String> = []

    private init(
        documentStore: SentDocumentStore, deliveryStore: DeliveryTimesStore, documents: [SentDocument],
        deliveries: [Delivery]
    ) {
        self.documentStore = documentStore
        self.deliveryStore = deliveryStore
        self.documents = Dictionary(documents.map { ($0.documentID, $0) }, uniquingKeysWith: { _, last in last })
        self.deliveries = Dictionary(deliveries.map { ($0.deliveryID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Loads the stored documents and deliveries `entries` will read, with one query each: the documents of failed
    /// deliveries and of senders' acts, and the deliveries sent, acknowledged, reported on or retried.
    static func load(
        for entries: [DecodedJournalEntry], documents: SentDocumentStore, deliveries: DeliveryTimesStore,
        on connection: PostgresConnection
    ) async throws -> SentRecords {
        var documentIDs: Set<String> = []
        var deliveryIDs: Set<String> = []
        for decoded in entries {
            switch decoded.event?.event {
            case .documentSent(let sent): deliveryIDs.formUnion(sent.deliveries.map(\.deliveryID))
            case .deliveryAcknowledged(let acknowledged): deliveryIDs.insert(acknowledged.deliveryID)
            case .statusChanged(let changed): deliveryIDs.insert(changed.deliveryID)
            case .deliveryRetried(let retried): deliveryIDs.insert(retried.deliveryID)
            case .deliveryFailed: documentIDs.insert(decoded.entry.documentID)
            default: break
            }
            if decoded.isSendersAct { documentIDs.insert(decoded.entry.documentID) }
        }
        return SentRecords(
            documentStore: documents, deliveryStore: deliveries,
            documents: try await documents.documents(documentIDs.sorted(), on: connection),
            deliveries: try await deliveries.deliveries(deliveryIDs.sorted(), on: connection))
    }

    /// The document `documentID`, if the journal recorded its sending (in this batch or before).
    func document(_ documentID: String) -> SentDocument? {
        documents[documentID]
    }

    /// Records `document` as sent; a second record of one id (an UPDATE that kept the id) replaces the first.
    mutating func record(_ document: SentDocument) {
        if documents.updateValue(document, forKey: document.documentID) != document {
            changedDocuments.insert(document.documentID)
        }
    }

    /// Records the deliveries of document `documentID`, sent at `time`; a delivery recorded before keeps its times.
    mutating func recordSent(_ sent: [Vdxp_Exchange_V1_SentDelivery], documentID: String, at time: Date) {
        for delivery in sent where deliveries[delivery.deliveryID] == nil {
            deliveries[delivery.deliveryID] = Delivery(
                deliveryID: delivery.deliveryID, documentID: documentID,
                recipientOrganisationID: delivery.recipientOrganisationID,
                times: DeliveryTimes(sendTime: time, acknowledgeTime: nil))
            changedDeliveries.insert(delivery.deliveryID)
        }
    }

    /// The times of `deliveryID`, if the journal recorded its sending.
    func times(of deliveryID: String) -> DeliveryTimes? {
        deliveries[deliveryID]?.times
    }

    /// Records the acknowledgement of `deliveryID` at `time` (nothing when its sending is unknown).
    mutating func recordAcknowledged(_ deliveryID: String, at time: Date) {
        guard deliveries[deliveryID] != nil else { return }
        deliveries[deliveryID]!.times.acknowledgeTime = time
        changedDeliveries.insert(deliveryID)
    }

    /// Records the retry of `deliveryID` at `time`: its latency counts from now on (nothing when its sending is
    /// unknown).
    mutating func recordRetried(_ deliveryID: String, at time: Date) {
        guard deliveries[deliveryID] != nil else { return }
        deliveries[deliveryID]!.times = DeliveryTimes(sendTime: time, acknowledgeTime: nil)
        changedDeliveries.insert(deliveryID)
    }

    /// Writes what the batch changed, with one statement per table, inside the caller's transaction.
    func save(on connection: PostgresConnection) async throws {
        try await documentStore.save(changedDocuments.sorted().compactMap { documents[$0] }, on: connection)
        try await deliveryStore.save(changedDeliveries.sorted().compactMap { deliveries[$0] }, on: connection)
    }
}
