import Foundation
import SwiftProtobuf
import VDXPProto

@testable import VDXPReport

/// A reproducible journal of `documents` documents between ministries, provinces and an enterprise around the end
/// of Q3 2026 (Vietnam time), with acknowledgements, statuses (some repeated), rejections, failures, retries,
/// retracts and revocations at random.
struct GeneratedJournal {
    let entries: [Vdxp_Exchange_V1_JournalEntry]

    /// The members used.
    static let members = [
        "000.00.00.G22", "000.00.00.G12", "000.00.00.H29", "000.01.02.H29", "000.00.00.H01", "0100109106",
    ]

    init(seed: UInt64, documents: Int) {
        var random = SeededRandom(seed: seed)
        // Revocations draw from a generator of their own, so that the rest of the journal stays what the seed gave.
        var revocations = SeededRandom(seed: seed &+ 1)
        var journal = JournalBuilder()
        // Events as (time, action) so they can be written in time order, as Exchange records them.
        var pending: [(time: Date, order: Int, write: (inout JournalBuilder) -> Void)] = []
        let start = JournalBuilder.time("2026-09-25T00:00:00+07:00")
        let statuses: [Vdxp_Exchange_V1_DocumentStatus] = [
            .registered, .assigned, .processing, .completed, .registered,
        ]
        let reasons = ["Sai thẩm quyền", " sai tham quyen", "Thiếu chữ ký", "Gửi nhầm"]
        for document in 0..<documents {
            let sendTime = start.addingTimeInterval(Double(random.next(below: 12 * 86_400)))
            let sender = Self.members[random.next(below: Self.members.count)]
            let recipients = Array(
                Self.members.filter { $0 != sender }.shuffled(using: &random).prefix(1 + random.next(below: 3)))
            let business: Vdxp_Exchange_V1_BusinessType = [.new, .new, .new, .revoke, .update, .replace][
                random.next(below: 6)]
            let priority = Int32(random.next(below: 5))
            let onTime = random.next(below: 5) != 0
            let legal: Vdxp_Exchange_V1_LegalValue = random.next(below: 4) == 0 ? .referenceOnly : .legallyValid
            let type = ["Công văn", "Quyết định", "Thông báo"][random.next(below: 3)]
            // A due date on two documents in three: the send day (Vietnam time) to four days after, or none.
            let due =
                random.next(below: 3) == 0
                ? ""
                : VietnamDay(number: VietnamDay(containing: sendTime).number + Int32(random.next(below: 5)))
                    .description
            pending.append(
                (
                    sendTime, document * 100,
                    { journal in
                        journal.send(
                            from: sender, to: recipients, at: sendTime, priority: priority, type: type,
                            business: business,
                            legal: legal, onTime: onTime, number: document + 1, due: due)
                    }
                ))
            for (index, _) in recipients.enumerated() {
                let delivery = "d\(document + 1)-\(index)"
                var time = sendTime
                var order = document * 100 + index * 20 + 1
                func later(_ seconds: Int) -> Date {
                    time = time.addingTimeInterval(Double(1 + random.next(below: seconds)))
                    return time
                }
                func add(_ at: Date, _ write: @escaping (inout JournalBuilder) -> Void) {
                    pending.append((at, order, write))
                    order += 1
                }
                switch random.next(below: 6) {
                case 0:
                    // Fails, maybe handled the same day.
                    let failed = later(30_000)
                    add(failed) { $0.fail(delivery, at: failed) }
                    if random.next(below: 2) == 0 {
                        let retried = later(40_000)
                        add(retried) { $0.retry(delivery, at: retried) }
                    } else if random.next(below: 2) == 0 {
                        let retracted = later(40_000)
                        add(retracted) { $0.retract(delivery, at: retracted) }
                    }
                case 1:
                    let arrived = later(3_000)
                    add(arrived) { $0.acknowledge(delivery, at: arrived) }
                    let rejected = later(20_000)
                    let reason = reasons[random.next(below: reasons.count)]
                    add(rejected) { $0.status(.rejected, delivery: delivery, at: rejected, comment: reason) }
                default:
                    let arrived = later(3_000)
                    add(arrived) { $0.acknowledge(delivery, at: arrived) }
                    if random.next(below: 4) == 0 {
                        let again = later(100)
                        add(again) { $0.status(.arrived, delivery: delivery, at: again) }
                    }
                    for status in statuses.prefix(random.next(below: statuses.count + 1)) {
                        let at = later(50_000)
                        add(at) { $0.status(status, delivery: delivery, at: at) }
                    }
                    if random.next(below: 8) == 0 {
                        let retracted = later(50_000)
                        add(retracted) { $0.retract(delivery, at: retracted) }
                    }
                }
            }
            // One document in eight is revoked within three days (Art. 15.3): its copies still held can no longer be
            // completed, so none of them becomes overdue after it.
            if revocations.next(below: 8) == 0 {
                let revokedAt = sendTime.addingTimeInterval(Double(1 + revocations.next(below: 3 * 86_400)))
                let documentID = "\(sender),2026/\(document + 1)"
                pending.append(
                    (
                        revokedAt, document * 100 + 99,
                        { journal in
                            journal.append(
                                .with {
                                    $0.documentRevoked = .with {
                                        $0.revokingDocumentID = documentID + "-R"
                                        $0.recipientOrganisationIds = recipients
                                    }
                                }, documentID: documentID, at: revokedAt)
                        }
                    ))
            }
        }
        for event in pending.sorted(by: { ($0.time, $0.order) < ($1.time, $1.order) }) {
            event.write(&journal)
        }
        entries = journal.entries
    }
}

/// A small deterministic generator (SplitMix64), so that a failing dataset can be reproduced from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
