import Foundation
import SwiftProtobuf
import VDXPProto

@testable import VDXPReport

/// Writes journal entries as Exchange does (sequence, document id, record time, serialized event), for tests.
struct JournalBuilder {
    private(set) var entries: [Vdxp_Exchange_V1_JournalEntry] = []
    private var documents = 0
    private var deliveryDocuments: [String: String] = [:]

    /// A time written as ISO 8601 with its offset.
    static func time(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// Appends `event` about `documentID` at `time`.
    mutating func append(_ event: Vdxp_Exchange_V1_JournalEvent, documentID: String, at time: Date) {
        entries.append(
            .with {
                $0.sequence = Int64(entries.count + 1)
                $0.entryID = Int64(entries.count + 1)
                $0.documentID = documentID
                $0.recordTime = .init(date: time)
                $0.payload = (try? event.serializedData()) ?? Data()
            })
    }

    /// A document sent from `sender` to `recipients`; returns the delivery ids.
    @discardableResult
    mutating func send(
        from sender: String, to recipients: [String], at text: String, priority: Int32 = 0,
        type: String = "Công văn", business: Vdxp_Exchange_V1_BusinessType = .new,
        legal: Vdxp_Exchange_V1_LegalValue = .legallyValid, onTime: Bool = true, due: String = ""
    ) -> [String] {
        send(
            from: sender, to: recipients, at: Self.time(text), priority: priority, type: type, business: business,
            legal: legal, onTime: onTime, due: due)
    }

    /// A document sent from `sender` to `recipients` at `time`; returns the delivery ids.
    @discardableResult
    mutating func send(
        from sender: String, to recipients: [String], at time: Date, priority: Int32 = 0, type: String = "Công văn",
        business: Vdxp_Exchange_V1_BusinessType = .new, legal: Vdxp_Exchange_V1_LegalValue = .legallyValid,
        onTime: Bool = true, number: Int? = nil, due: String = ""
    ) -> [String] {
        documents += 1
        let number = number ?? documents
        let documentID = "\(sender),2026/\(number)"
        let ids = recipients.indices.map { "d\(number)-\($0)" }
        for id in ids { deliveryDocuments[id] = documentID }
        let sent = Vdxp_Exchange_V1_DocumentSent.with {
            $0.senderOrganisationID = sender
            $0.priority = priority
            $0.documentTypeName = type
            $0.sendTime = .init(date: time)
            $0.businessType = business
            $0.legalValue = legal
            $0.timeliness = .with { $0.onTime = onTime }
            $0.dueDate = due
            $0.deliveries = zip(recipients, ids).map { recipient, id in
                .with {
                    $0.recipientOrganisationID = recipient
                    $0.deliveryID = id
                }
            }
        }
        append(.with { $0.documentSent = sent }, documentID: documentID, at: time)
        return ids
    }

    /// The recipient's acknowledgement (01).
    mutating func acknowledge(_ delivery: String, at time: Date) {
        append(
            .with { $0.deliveryAcknowledged = .with { $0.deliveryID = delivery } },
            documentID: deliveryDocuments[delivery] ?? "unknown", at: time)
    }

    /// A business status.
    mutating func status(
        _ status: Vdxp_Exchange_V1_DocumentStatus, delivery: String, at text: String, comment: String = ""
    ) {
        self.status(status, delivery: delivery, at: Self.time(text), comment: comment)
    }

    /// A business status at `time`.
    mutating func status(
        _ status: Vdxp_Exchange_V1_DocumentStatus, delivery: String, at time: Date, comment: String = ""
    ) {
        append(
            .with {
                $0.statusChanged = .with {
                    $0.deliveryID = delivery
                    $0.change = .with {
                        $0.status = status
                        $0.recordTime = .init(date: time)
                        $0.comment = comment
                    }
                }
            }, documentID: deliveryDocuments[delivery] ?? "unknown", at: time)
    }

    /// A delivery failure.
    mutating func fail(_ delivery: String, at text: String, handleBy: String = "") {
        fail(delivery, at: Self.time(text), handleBy: handleBy)
    }

    /// A delivery failure at `time`, journalled with the day by which it is handled in time (`yyyy-MM-dd`; empty:
    /// none, as Exchange wrote before it recorded the day).
    mutating func fail(_ delivery: String, at time: Date, handleBy: String = "") {
        append(
            .with {
                $0.deliveryFailed = .with {
                    $0.deliveryID = delivery
                    $0.handleByDate = handleBy
                }
            },
            documentID: deliveryDocuments[delivery] ?? "unknown", at: time)
    }

    /// A retry of a failed delivery.
    mutating func retry(_ delivery: String, at text: String) { retry(delivery, at: Self.time(text)) }

    /// A retry at `time`.
    mutating func retry(_ delivery: String, at time: Date) {
        append(
            .with { $0.deliveryRetried = .with { $0.deliveryID = delivery } },
            documentID: deliveryDocuments[delivery] ?? "unknown", at: time)
    }

    /// A recipient's copy taken back.
    mutating func retract(_ delivery: String, at time: Date) {
        append(
            .with { $0.documentRetracted = .with { $0.deliveryID = delivery } },
            documentID: deliveryDocuments[delivery] ?? "unknown", at: time)
    }
}
