import Foundation
import PostgresNIO

/// The index writes of a journal batch that wait to go together: the documents sent (one statement for their rows,
/// one for their words, one for their recipients), the changes to recipients' delivery states and statuses (one
/// statement) and the parties withdrawn (two), instead of three or more statements per document sent and one or two per acknowledgement or status.
/// ``write(to:on:)`` writes the documents first, then the changes (a change may concern a recipient a pending send
/// queued); the follower writes before a document with writes pending is sent again, and at the end of the batch.
struct PendingWrites {
    private var documents: [IndexStore.DocumentFields] = []
    private var recipients: [IndexStore.QueuedRecipient] = []
    private var queued: Set<IndexStore.QueuedRecipient> = []
    private var changes: [IndexStore.RecipientChange] = []
    private var changeIndex: [RecipientKey: Int] = [:]
    private var withdrawals: [IndexStore.PartyWithdrawal] = []
    /// The documents with a write pending, of either kind.
    private var touched: Set<String> = []

    private struct RecipientKey: Hashable {
        var documentID: String
        var recipientID: String
    }

    /// Whether a write concerning document `documentID` is pending.
    func touches(_ documentID: String) -> Bool {
        touched.contains(documentID)
    }

    /// Adds a document sent, with its recipients (QUEUED, no status yet). It must not have a write pending
    /// (``touches(_:)``).
    mutating func add(_ fields: IndexStore.DocumentFields, recipients ids: [String]) {
        documents.append(fields)
        touched.insert(fields.documentID)
        for id in ids {
            let recipient = IndexStore.QueuedRecipient(
                documentID: fields.documentID, recipientID: id, level1: JournalProjection.level1(of: id))
            if queued.insert(recipient).inserted { recipients.append(recipient) }
        }
    }

    /// Adds a change to a recipient, after the changes to it pending: merged with them into one.
    mutating func change(_ change: IndexStore.RecipientChange) {
        let key = RecipientKey(documentID: change.documentID, recipientID: change.recipientID)
        touched.insert(change.documentID)
        if let index = changeIndex[key] {
            changes[index] = changes[index].followed(by: change)
        } else {
            changeIndex[key] = changes.count
            changes.append(change)
        }
    }

    /// Adds a party that may no longer find a document, after the writes pending for it (a later send of the
    /// document is written after this, so a recipient it goes to again finds it again).
    mutating func withdraw(_ withdrawal: IndexStore.PartyWithdrawal) {
        touched.insert(withdrawal.documentID)
        withdrawals.append(withdrawal)
    }

    /// Writes what is pending, in the caller's transaction, and starts afresh.
    mutating func write(to index: IndexStore, on connection: PostgresConnection) async throws {
        try await index.upsert(documents, on: connection)
        try await index.queue(recipients, on: connection)
        try await index.update(changes, on: connection)
        try await index.withdraw(withdrawals, on: connection)
        self = PendingWrites()
    }
}
