import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

/// The projection of Exchange's journal onto Report's rollups, as a pure function: one entry, and the facts already
/// known of the deliveries it names, give the ``ProjectionStep`` to apply. No clock, no database: the same entries
/// in the same order always give the same figures, so a rebuild from sequence 0 reproduces them exactly.
///
/// How each event counts (Art. 13.1, 13.2, 14.3, 15.1; QĐ 28 Art. 11.1):
/// - `document.sent`: one `documents_sent` for the sender, `sent_on_time` or `sent_late` (Art. 13.1), `revoked`,
///   `updated` or `replaced` by its business type; one `documents_received` per recipient.
/// - `delivery.acknowledged` (01) and `status.changed` 02, 03, 04, 05, 06: the first of each per delivery counts on the
///   recipient's row (`with_status_*`, `rejected` with its reason); later repeats do not.
/// - `delivery.failed`: `failed_deliveries` for the sender; a `delivery.retried` or `document.retracted` by the end
///   (24:00 +07) of the failure's working day counts it in `failures_handled_same_day` (Art. 13.2). That day is the
///   one the entry names (`handle_by_date`: Exchange reckoned it with the calendar in force when the delivery
///   failed, so a calendar published later changes no count, even in a rebuild); for an entry without it,
///   ``handledSameWorkingDay(failedAt:handledAt:calendar:)`` reckons it with the Vietnamese working days of
///   ``BusinessCalendar``, the calendar Central publishes in the global configuration.
/// - `document.retracted`: `retracted` for the sender, once per recipient copy.
/// - overdue (QĐ 28 10.2.o): a recipient's copy whose document has a due date and that is neither completed (06),
///   rejected (02) nor taken back when the journal reaches the next Vietnam day counts once in `overdue` on the
///   recipient's row (``overdue(_:asOf:)``, applied before each entry with the entry's day). The journal is the
///   clock: the same entries give the same counts, and a copy due yesterday is counted at the first entry of today.
///
/// Every count lands on the row of the document's acceptance day, so a period's figures are those of the documents
/// sent in it, whenever their recipients answered.
enum RollupProjection {
    /// Whether a failure at `failure` was handled at `handled` within its working day (Art. 13.2): by 24:00 +07 of
    /// the failure's day when that is a working day, else of the next working day (a failure on Saturday may be
    /// handled until Monday's end, or Tuesday's when Monday is a holiday).
    static func handledSameWorkingDay(failedAt failure: Date, handledAt handled: Date, calendar: BusinessCalendar)
        -> Bool
    {
        let workingDay = calendar.addingWorkingDays(0, to: CalendarDate(failure))
        return CalendarDate(handled) <= workingDay
    }

    /// Whether the failure pending on `facts`, at `failure`, was handled in time at `handled`: by the day Exchange
    /// journalled with it, else as ``handledSameWorkingDay(failedAt:handledAt:calendar:)`` reckons it.
    static func handledInTime(
        _ facts: DeliveryFacts, failedAt failure: Date, handledAt handled: Date, calendar: BusinessCalendar
    ) -> Bool {
        if let handleBy = facts.pendingFailureHandleBy { return VietnamDay(containing: handled) <= handleBy }
        return handledSameWorkingDay(failedAt: failure, handledAt: handled, calendar: calendar)
    }

    /// The deliveries whose facts ``step(for:recordTime:known:)`` needs for `event`.
    static func deliveryIDs(in event: Vdxp_Exchange_V1_JournalEvent) -> [String] {
        switch event.event {
        case .deliveryAcknowledged(let acknowledged): [acknowledged.deliveryID]
        case .statusChanged(let changed): [changed.deliveryID]
        case .deliveryFailed(let failed): [failed.deliveryID]
        case .deliveryRetried(let retried): [retried.deliveryID]
        case .documentRetracted(let retracted): [retracted.deliveryID]
        default: []
        }
    }

    /// Whether `event` disposes of copies of its entry's document (a revocation, a newer version): their facts are
    /// found by the document, not by delivery ids (``ProjectionBatch/facts(ofDocument:)``).
    static func disposesCopies(_ event: Vdxp_Exchange_V1_JournalEvent) -> Bool {
        switch event.event {
        case .documentRevoked, .documentSuperseded: true
        default: false
        }
    }

    /// What entry `documentID`/`event`, recorded at `recordTime`, changes, given the facts `known` of the deliveries
    /// ``deliveryIDs(in:)`` names (or, for an event that ``disposesCopies(_:)``, of the document's deliveries) (a
    /// delivery Report never saw — sent before the journal it followed — counts nothing), with `calendar`'s working
    /// days.
    static func step(
        documentID: String, event: Vdxp_Exchange_V1_JournalEvent, recordTime: Date,
        known: [String: DeliveryFacts], calendar: BusinessCalendar
    ) -> ProjectionStep {
        var step = ProjectionStep()
        switch event.event {
        case .documentSent(let sent):
            let acceptTime = sent.hasSendTime ? sent.sendTime.date : recordTime
            let dimensions = DocumentDimensions(
                day: VietnamDay(containing: acceptTime), priority: sent.priority,
                documentType: sent.documentTypeName, businessType: sent.businessType, legalValue: sent.legalValue)
            let senderKey = RollupKey(organisationID: sent.senderOrganisationID, dimensions: dimensions)
            step.add(.documentsSent, to: senderKey)
            step.add(sent.timeliness.onTime ? .sentOnTime : .sentLate, to: senderKey)
            switch sent.businessType {
            case .revoke: step.add(.revoked, to: senderKey)
            case .update: step.add(.updated, to: senderKey)
            case .replace: step.add(.replaced, to: senderKey)
            case .new, .UNRECOGNIZED: break
            }
            let dueDay = EdXMLDate.calendarDate(sent.dueDate).map {
                VietnamDay(year: $0.year, month: $0.month, day: $0.day)
            }
            for delivery in sent.deliveries {
                let facts = DeliveryFacts(
                    deliveryID: delivery.deliveryID, documentID: documentID, version: max(sent.version, 1),
                    sender: sent.senderOrganisationID, recipient: delivery.recipientOrganisationID,
                    dimensions: dimensions, acceptTime: acceptTime, dueDay: dueDay)
                step.deliveries.append(facts)
                step.add(.documentsReceived, to: facts.recipientKey)
            }
        case .deliveryAcknowledged(let acknowledged):
            guard var facts = known[acknowledged.deliveryID], facts.arrivalTime == nil else { break }
            facts.arrivalTime = recordTime
            step.add(.withStatusArrived, to: facts.recipientKey)
            step.deliveries.append(facts)
        case .statusChanged(let changed):
            guard var facts = known[changed.deliveryID] else { break }
            let time = changed.change.hasRecordTime ? changed.change.recordTime.date : recordTime
            switch changed.change.status {
            case .arrived where facts.arrivalTime == nil:
                facts.arrivalTime = time
                step.add(.withStatusArrived, to: facts.recipientKey)
            case .rejected where facts.rejectionTime == nil:
                facts.rejectionTime = time
                step.add(.rejected, to: facts.recipientKey)
                step.rejections.append((facts.recipientKey, changed.change.comment))
            case .registered where facts.registrationTime == nil:
                facts.registrationTime = time
                step.add(.withStatusRegistered, to: facts.recipientKey)
            case .assigned where facts.assignmentTime == nil:
                facts.assignmentTime = time
                step.add(.withStatusAssigned, to: facts.recipientKey)
            case .processing where facts.processingTime == nil:
                facts.processingTime = time
                step.add(.withStatusProcessing, to: facts.recipientKey)
            case .completed where facts.completionTime == nil:
                facts.completionTime = time
                step.add(.withStatusCompleted, to: facts.recipientKey)
            default:
                return step
            }
            step.deliveries.append(facts)
        case .deliveryFailed(let failed):
            guard var facts = known[failed.deliveryID] else { break }
            facts.pendingFailureTime = recordTime
            facts.pendingFailureHandleBy = CalendarDate(iso8601: failed.handleByDate).map(VietnamDay.init(of:))
            step.add(.failedDeliveries, to: facts.senderKey)
            step.deliveries.append(facts)
        case .deliveryRetried(let retried):
            guard var facts = known[retried.deliveryID], let failure = facts.pendingFailureTime else { break }
            if handledInTime(facts, failedAt: failure, handledAt: recordTime, calendar: calendar) {
                step.add(.failuresHandledSameDay, to: facts.senderKey)
            }
            facts.pendingFailureTime = nil
            facts.pendingFailureHandleBy = nil
            step.deliveries.append(facts)
        case .documentRetracted(let retracted):
            guard var facts = known[retracted.deliveryID], !facts.retracted else { break }
            facts.retracted = true
            step.add(.retracted, to: facts.senderKey)
            if let failure = facts.pendingFailureTime {
                if handledInTime(facts, failedAt: failure, handledAt: recordTime, calendar: calendar) {
                    step.add(.failuresHandledSameDay, to: facts.senderKey)
                }
                facts.pendingFailureTime = nil
                facts.pendingFailureHandleBy = nil
            }
            step.deliveries.append(facts)
        case .documentRevoked(let revoked):
            // Every copy of the document its recipients still hold (older versions' were disposed of already).
            let recipients = Set(revoked.recipientOrganisationIds)
            step.deliveries += dispose(known.values.filter { recipients.contains($0.recipient) })
        case .documentSuperseded(let superseded):
            // The copies of the previous version, not the new version's (sent under the same id by an UPDATE that
            // keeps it, just before).
            let recipients = Set(
                superseded.supersededRecipientOrganisationIds + superseded.removedRecipientOrganisationIds)
            step.deliveries += dispose(
                known.values.filter { $0.version == superseded.previousVersion && recipients.contains($0.recipient) })
        case .retractRequested, .retractAnswered, .revocationConfirmed, nil:
            break
        }
        return step
    }

    /// `copies` disposed of (``DeliveryFacts/disposed``), those not already, in delivery id order.
    private static func dispose(_ copies: [DeliveryFacts]) -> [DeliveryFacts] {
        copies.filter { !$0.disposed }.sorted { $0.deliveryID < $1.deliveryID }.map {
            var facts = $0
            facts.disposed = true
            return facts
        }
    }

    /// The copies of `open` that become overdue when the journal reaches `day` (``DeliveryFacts/becomesOverdue(on:)``),
    /// each marked and counted once in `overdue` on its recipient's row.
    static func overdue(_ open: [DeliveryFacts], asOf day: VietnamDay) -> ProjectionStep {
        var step = ProjectionStep()
        for var facts in open.sorted(by: { $0.deliveryID < $1.deliveryID }) where facts.becomesOverdue(on: day) {
            facts.overdue = true
            step.add(.overdue, to: facts.recipientKey)
            step.deliveries.append(facts)
        }
        return step
    }

    /// Decodes an entry's payload and projects it.
    static func step(
        for entry: Vdxp_Exchange_V1_JournalEntry, known: [String: DeliveryFacts], calendar: BusinessCalendar
    ) throws -> ProjectionStep {
        let event = try Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload)
        return step(
            documentID: entry.documentID, event: event, recordTime: entry.recordTime.date, known: known,
            calendar: calendar)
    }
}
