import Foundation
import SwiftProtobuf
import VDXPCore
import VDXPProto

@testable import VDXPReport

/// Counts the figures of a journal directly, delivery by delivery, without the projection: the reference the
/// rollups must equal.
enum BruteForceRecount {
    /// One member's figures per Vietnam day of its documents' acceptance, with `calendar`'s working days.
    static func count(
        _ entries: [Vdxp_Exchange_V1_JournalEntry], calendar: BusinessCalendar = RollupReplay.calendar
    ) -> [MemberDay: Counts] {
        let events = entries.map {
            (
                event: (try? Vdxp_Exchange_V1_JournalEvent(serializedBytes: $0.payload)) ?? .init(),
                time: $0.recordTime.date
            )
        }
        var sums: [MemberDay: Counts] = [:]
        // Every delivery: sender, recipient, day; every event about it, in journal order.
        var deliveries: [String: (sender: String, recipient: String, day: VietnamDay)] = [:]
        var history: [String: [(kind: String, time: Date)]] = [:]
        // Overdue (QĐ 28 10.2.o): each copy with a due date, the index of its document's entry, and the index of the
        // first entry of which it was completed, rejected or taken back.
        var due: [String: (day: VietnamDay, sentAt: Int)] = [:]
        var closedAt: [String: Int] = [:]
        // Every copy by document id: its version and recipient (a revocation or a newer version closes them).
        var copies: [String: [(deliveryID: String, version: Int32, recipient: String)]] = [:]
        for (index, (event, _)) in events.enumerated() {
            switch event.event {
            case .documentSent(let sent):
                for delivery in sent.deliveries {
                    copies[entries[index].documentID, default: []].append(
                        (delivery.deliveryID, max(sent.version, 1), delivery.recipientOrganisationID))
                }
                if let date = EdXMLDate.calendarDate(sent.dueDate) {
                    for delivery in sent.deliveries {
                        due[delivery.deliveryID] = (
                            VietnamDay(year: date.year, month: date.month, day: date.day), index
                        )
                    }
                }
            case .statusChanged(let changed) where [.completed, .rejected].contains(changed.change.status):
                if closedAt[changed.deliveryID] == nil { closedAt[changed.deliveryID] = index }
            case .documentRetracted(let retracted):
                if closedAt[retracted.deliveryID] == nil { closedAt[retracted.deliveryID] = index }
            case .documentRevoked(let revoked):
                for copy in copies[entries[index].documentID] ?? []
                where revoked.recipientOrganisationIds.contains(copy.recipient) && closedAt[copy.deliveryID] == nil {
                    closedAt[copy.deliveryID] = index
                }
            case .documentSuperseded(let superseded):
                let recipients =
                    superseded.supersededRecipientOrganisationIds + superseded.removedRecipientOrganisationIds
                for copy in copies[entries[index].documentID] ?? []
                where copy.version == superseded.previousVersion && recipients.contains(copy.recipient)
                    && closedAt[copy.deliveryID] == nil
                {
                    closedAt[copy.deliveryID] = index
                }
            default: break
            }
        }
        let days = entries.map { VietnamDay(containing: $0.recordTime.date) }
        for (id, (dueDay, sentAt)) in due {
            // Overdue when an entry after the document's falls on a later day than the due day while the copy is open.
            guard let passed = days.indices.first(where: { $0 > sentAt && days[$0] > dueDay }) else { continue }
            if let closed = closedAt[id], closed < passed { continue }
            if let delivery = Self.delivery(id, in: events.map(\.event)) {
                sums[MemberDay(organisationID: delivery.recipient, day: delivery.day), default: Counts()][.overdue] += 1
            }
        }
        for (event, time) in events {
            switch event.event {
            case .documentSent(let sent):
                let day = VietnamDay(containing: sent.sendTime.date)
                let sender = MemberDay(organisationID: sent.senderOrganisationID, day: day)
                sums[sender, default: Counts()][.documentsSent] += 1
                sums[sender, default: Counts()][sent.timeliness.onTime ? .sentOnTime : .sentLate] += 1
                if sent.businessType == .revoke { sums[sender, default: Counts()][.revoked] += 1 }
                if sent.businessType == .update { sums[sender, default: Counts()][.updated] += 1 }
                if sent.businessType == .replace { sums[sender, default: Counts()][.replaced] += 1 }
                for delivery in sent.deliveries {
                    deliveries[delivery.deliveryID] = (sent.senderOrganisationID, delivery.recipientOrganisationID, day)
                    sums[MemberDay(organisationID: delivery.recipientOrganisationID, day: day), default: Counts()][
                        .documentsReceived] += 1
                }
            case .deliveryAcknowledged(let acknowledged):
                history[acknowledged.deliveryID, default: []].append(("01", time))
            case .statusChanged(let changed):
                let number = changed.change.status.rawValue
                let code = (number < 10 ? "0" : "") + String(number)
                history[changed.deliveryID, default: []].append((code, time))
            case .deliveryFailed(let failed): history[failed.deliveryID, default: []].append(("failed", time))
            case .deliveryRetried(let retried): history[retried.deliveryID, default: []].append(("retried", time))
            case .documentRetracted(let retracted):
                history[retracted.deliveryID, default: []].append(("retracted", time))
            default: break
            }
        }
        for (id, delivery) in deliveries {
            let events = history[id] ?? []
            let kinds = Set(events.map(\.kind))
            let recipient = MemberDay(organisationID: delivery.recipient, day: delivery.day)
            let sender = MemberDay(organisationID: delivery.sender, day: delivery.day)
            let statuses: [(String, Measure)] = [
                ("01", .withStatusArrived), ("02", .rejected), ("03", .withStatusRegistered),
                ("04", .withStatusAssigned), ("05", .withStatusProcessing), ("06", .withStatusCompleted),
            ]
            for (code, measure) in statuses where kinds.contains(code) {
                sums[recipient, default: Counts()][measure] += 1
            }
            if kinds.contains("retracted") { sums[sender, default: Counts()][.retracted] += 1 }
            for (index, event) in events.enumerated() where event.kind == "failed" {
                sums[sender, default: Counts()][.failedDeliveries] += 1
                let answer = events[(index + 1)...].prefix { $0.kind != "failed" }
                    .first { $0.kind == "retried" || $0.kind == "retracted" }
                // Handled within the working day (Art. 13.2): no working day ended between the failure and the answer.
                let failed = CalendarDate(event.time)
                if let answer,
                    calendar.workingDays(from: failed.addingDays(-1), to: CalendarDate(answer.time).addingDays(-1)) == 0
                {
                    sums[sender, default: Counts()][.failuresHandledSameDay] += 1
                }
            }
        }
        return sums
    }

    /// The sender, recipient and acceptance day of delivery `id`, from its `document.sent`.
    private static func delivery(
        _ id: String, in events: [Vdxp_Exchange_V1_JournalEvent]
    ) -> (sender: String, recipient: String, day: VietnamDay)? {
        for event in events {
            guard case .documentSent(let sent) = event.event,
                let delivery = sent.deliveries.first(where: { $0.deliveryID == id })
            else { continue }
            return (
                sent.senderOrganisationID, delivery.recipientOrganisationID, VietnamDay(containing: sent.sendTime.date)
            )
        }
        return nil
    }
}
