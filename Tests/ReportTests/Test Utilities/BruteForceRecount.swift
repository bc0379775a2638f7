import Foundation
import SwiftProtobuf
import VDXPProto

@testable import VDXPReport

/// Counts the figures of a journal directly, delivery by delivery, without the projection: the reference the
/// rollups must equal.
enum BruteForceRecount {
    /// One member's figures per Vietnam day of its documents' acceptance.
    static func count(_ entries: [Vdxp_Exchange_V1_JournalEntry]) -> [MemberDay: Counts] {
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
                ("05", .withStatusProcessing), ("06", .withStatusCompleted),
            ]
            for (code, measure) in statuses where kinds.contains(code) {
                sums[recipient, default: Counts()][measure] += 1
            }
            if kinds.contains("retracted") { sums[sender, default: Counts()][.retracted] += 1 }
            for (index, event) in events.enumerated() where event.kind == "failed" {
                sums[sender, default: Counts()][.failedDeliveries] += 1
                let answer = events[(index + 1)...].prefix { $0.kind != "failed" }
                    .first { $0.kind == "retried" || $0.kind == "retracted" }
                if let answer, VietnamDay(containing: answer.time) == VietnamDay(containing: event.time) {
                    sums[sender, default: Counts()][.failuresHandledSameDay] += 1
                }
            }
        }
        return sums
    }
}
