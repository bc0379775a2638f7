import Foundation
import VDXPProto

/// What Report remembers of one delivery (`report.deliveries`) to count the events that follow its document's
/// acceptance exactly once: whose it is, its document's dimensions, which statuses were counted and whether a
/// failure waits to be handled.
struct DeliveryFacts: Equatable, Sendable {
    /// Exchange's delivery id.
    var deliveryID: String
    /// The document's id.
    var documentID: String
    /// The document's version under that id (an UPDATE may keep the id, Art. 15.4).
    var version: Int32 = 1
    /// The sending member.
    var sender: String
    /// The recipient.
    var recipient: String
    /// The document's dimensions.
    var dimensions: DocumentDimensions
    /// When Exchange accepted the document.
    var acceptTime: Date
    /// When the recipient's 01 arrived; nil before.
    var arrivalTime: Date? = nil
    /// When the recipient's 03 arrived; nil before.
    var registrationTime: Date? = nil
    /// When the recipient's 04 arrived; nil before.
    var assignmentTime: Date? = nil
    /// When the recipient's 05 arrived; nil before.
    var processingTime: Date? = nil
    /// When the recipient's 06 arrived; nil before.
    var completionTime: Date? = nil
    /// When the recipient rejected it (02); nil otherwise.
    var rejectionTime: Date? = nil
    /// When it failed, while the failure is not yet handled; nil otherwise.
    var pendingFailureTime: Date? = nil
    /// The last day on which the pending failure counts as handled in time (Art. 13.2), as Exchange journalled it
    /// (`DeliveryFailed.handle_by_date`, by the calendar in force when it failed); nil when the entry has none (then
    /// Report reckons it with its own calendar) or no failure is pending.
    var pendingFailureHandleBy: VietnamDay? = nil
    /// Whether the recipient's copy was retracted.
    var retracted = false
    /// The document's due date of processing [DueDate] (QĐ 28 10.2.o), as a Vietnam day; nil when it has none.
    var dueDay: VietnamDay? = nil
    /// Whether this copy was counted overdue (once).
    var overdue = false
    /// Whether the copy is no longer the recipient's to handle: its document was revoked (Art. 15.3: the recipient
    /// stops processing it), or a newer version superseded or removed it (15.4: the new version is handled instead).
    /// Exchange refuses any status on it from then on, so it can never be completed.
    var disposed = false

    /// Whether the copy becomes overdue when the journal reaches `day`: it has a due date before `day` and was
    /// neither completed (06), rejected (02), taken back nor disposed of (revoked, superseded, removed) by then, and
    /// was not counted yet. A copy completed on
    /// its due date (any time until 24:00 +07) is not overdue.
    func becomesOverdue(on day: VietnamDay) -> Bool {
        guard let dueDay, isOpen else { return false }
        return dueDay < day
    }

    /// Whether the copy may still become overdue: not counted overdue yet, neither completed (06), rejected (02),
    /// taken back nor disposed of.
    var isOpen: Bool { !overdue && completionTime == nil && rejectionTime == nil && !retracted && !disposed }

    /// The sender's rollup row.
    var senderKey: RollupKey { RollupKey(organisationID: sender, dimensions: dimensions) }
    /// The recipient's rollup row.
    var recipientKey: RollupKey { RollupKey(organisationID: recipient, dimensions: dimensions) }
}
