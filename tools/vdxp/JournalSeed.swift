import Crypto
import Foundation
import Logging
import PostgresNIO
import SwiftProtobuf
import VDXPProto
import VDXPStore

/// `vdxp seed --through journal`: a national dataset written in the journal's own format — the `document.sent`,
/// `delivery.acknowledged` and `status.changed` entries Exchange would have journalled for it — appended to
/// `exchange.journal` unchained, a few hundred documents per transaction, exactly as Exchange's commit groups append
/// theirs. Exchange's chainer then chains them (sequence and hash, sealed like any entry), and Search and Report
/// index them from `StreamJournal`: what is measured afterwards went through the projections.
///
/// What it does not do: the documents are not in Exchange's own tables (no signed bytes, no deliveries, nothing in
/// any inbox). It is for a throwaway platform (`vdxp dev up`), to measure Search and Report on millions of documents;
/// the real send path, signatures and all, is `vdxp seed` without `--through journal`.
struct JournalSeed: Sendable {
    /// The PostgreSQL the platform's Exchange writes to.
    let databaseURL: DatabaseURL
    /// How many documents.
    let documents: Int
    /// Told apart from other runs' documents by their numbers.
    let run: String
    /// When the last document is sent; the others are spread over the `days` before it.
    let now: Date
    /// How many days the documents span.
    let days: Int
    /// Documents per transaction.
    static let documentsPerTransaction = 400

    /// Appends every document's entries; reports progress after each transaction. Returns the entries written.
    func write(progress: @Sendable (Int) -> Void) async throws -> Int {
        let logger = Logger(label: "vdxp.seed")
        let client = PostgresClient(configuration: databaseURL.clientConfiguration(maximumConnections: 2))
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                await client.run()
                return 0
            }
            defer { group.cancelAll() }
            var written = 0
            var start = 0
            while start < documents {
                let end = min(start + Self.documentsPerTransaction, documents)
                let entries = (start..<end).flatMap { NationalDataset.entries(of: $0, in: self) }
                try await append(entries, client: client, logger: logger)
                written += entries.count
                start = end
                progress(end)
            }
            return written
        }
    }

    /// Appends `entries` in one transaction, in order, and wakes Exchange's chainer on commit.
    private func append(_ entries: [NationalDataset.Entry], client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                var rows = ValuesRows()
                for entry in entries {
                    rows.startRow()
                    rows.bind(entry.type)
                    rows.bind(entry.documentID)
                    rows.bind(Data(try entry.event.serializedBytes() as [UInt8]))
                }
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "INSERT INTO exchange.journal (event_type, document_id, payload) VALUES \(rows.sql)",
                        binds: rows.binds),
                    logger: logger)
                try await connection.query("SELECT pg_notify('exchange_journal_pending', '')", logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}

/// The national dataset, document by document: QĐ 20 ids of ministries (G01–G30) and provinces (H01–H63) with
/// level-2 units under each, Vietnamese subjects with accents, priorities 0–3, one or two recipients, each of which
/// acknowledged (nine in ten) and went on to register and process some.
enum NationalDataset {
    /// One journal entry.
    struct Entry: Sendable {
        var type: String
        var documentID: String
        var event: Vdxp_Exchange_V1_JournalEvent
    }

    /// Level-1 units: 30 ministries and agencies, 63 provinces.
    static let level1: [String] =
        (1...30).map { "G" + String(format: "%02d", $0) } + (1...63).map { "H" + String(format: "%02d", $0) }

    /// Organisations: each level-1 unit itself and four level-2 units under it (465).
    static let organisations: [String] = level1.flatMap { unit in
        (0...4).map { level2 in
            level2 == 0
                ? "000.00.00.\(unit)"
                : "000.\(String(format: "%02d", level2)).\(String(format: "%02d", level2 * 3)).\(unit)"
        }
    }

    static let signers = [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Đức Giang", "Vũ Thị Hạnh",
        "Đặng Quốc Khánh", "Bùi Minh Long", "Đỗ Thanh Mai", "Ngô Bảo Ngọc",
    ]
    static let notations = ["QĐ", "CV", "TB", "KH", "BC", "TTr"]
    static let priorities: [Int32] = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3]

    /// The name the document gives its sender.
    static func name(of organisationID: String) -> String {
        let unit = String(organisationID.suffix(3))
        let level1 = unit.hasPrefix("G") ? "Bộ, ngành \(unit)" : "UBND tỉnh, thành phố \(unit)"
        return organisationID.hasPrefix("000.00.00.") ? level1 : "Đơn vị \(organisationID) thuộc \(level1)"
    }

    /// The entries of document `index` of `seed`, in the order Exchange journals them.
    static func entries(of index: Int, in seed: JournalSeed) -> [Entry] {
        let sender = organisations[(index * 101) % organisations.count]
        var recipients: [String] = []
        for k in 1...(1 + index % 2) {
            let recipient = organisations[(index * 37 + k * 211) % organisations.count]
            if recipient != sender, !recipients.contains(recipient) { recipients.append(recipient) }
        }
        if recipients.isEmpty { recipients = [organisations[(index * 101 + 1) % organisations.count]] }
        let span = Double(seed.days) * 86_400
        let sendTime = seed.now.addingTimeInterval(-span * Double(seed.documents - index) / Double(seed.documents))
        let day = sendTime.vietnamDay
        let year = day.prefix(4)
        let notation =
            "\(notations[index % notations.count])-\(sender.suffix(3).replacingOccurrences(of: "G", with: "B"))"
        let number = "\(seed.run)\(index + 1)"
        let documentID = "\(sender),\(year),\(number)/\(notation)"
        let kind = SeedSubjects.kinds[index % SeedSubjects.kinds.count]
        let subject = SeedSubjects.subject(index) + " năm \(year)"
        var sent = Vdxp_Exchange_V1_DocumentSent()
        sent.senderOrganisationID = sender
        sent.deliveries = recipients.map { recipient in
            .with {
                $0.recipientOrganisationID = recipient
                $0.deliveryID = UUID().uuidString.lowercased()
            }
        }
        sent.priority = priorities[(index * 17) % priorities.count]
        sent.headerSha256 = Data(SHA256.hash(data: Data(documentID.utf8)))
        sent.subject = subject
        sent.documentTypeName = kind == "Về việc" ? "Công văn" : kind
        sent.documentTypeCode = kind == "Quyết định" || kind == "Chỉ thị" ? 1 : 2
        sent.sendTime = Google_Protobuf_Timestamp(date: sendTime)
        sent.businessType = .new
        sent.version = 1
        sent.legalValue = .legallyValid
        sent.code = .with {
            $0.number = number
            $0.notation = notation
        }
        sent.senderOrganisationName = name(of: sender)
        sent.signer = .with {
            $0.competence = "TM."
            $0.position = sender.contains("G") ? "Bộ trưởng" : "Chủ tịch"
            $0.fullName = signers[(index / 3) % signers.count]
        }
        sent.promulgation = .with {
            $0.place = "Hà Nội"
            $0.date = day
        }
        if index % 4 == 0 { sent.dueDate = sendTime.addingTimeInterval(15 * 86_400).vietnamDay }
        var entries = [
            Entry(type: "document.sent", documentID: documentID, event: .with { $0.documentSent = sent })
        ]
        for (k, delivery) in sent.deliveries.enumerated() {
            let variant = (index + k * 5) % 10
            guard variant != 9 else { continue }  // one in ten is not acknowledged yet
            let arrived = sendTime.addingTimeInterval(Double(60 + variant * 300))
            entries.append(
                Entry(
                    type: "delivery.acknowledged", documentID: documentID,
                    event: .with {
                        $0.deliveryAcknowledged = .with {
                            $0.recipientOrganisationID = delivery.recipientOrganisationID
                            $0.deliveryID = delivery.deliveryID
                            $0.attempt = 1
                        }
                    }))
            let steps: [Vdxp_Exchange_V1_DocumentStatus] =
                variant < 3
                ? []
                : variant < 6
                    ? [.registered]
                    : variant < 8
                        ? [.registered, .processing]
                        : [.registered, .processing, .completed]
            for (n, status) in steps.enumerated() {
                let time = arrived.addingTimeInterval(Double(n + 1) * 3_600)
                entries.append(
                    Entry(
                        type: "status.changed", documentID: documentID,
                        event: .with {
                            $0.statusChanged = .with {
                                $0.recipientOrganisationID = delivery.recipientOrganisationID
                                $0.deliveryID = delivery.deliveryID
                                $0.change = .with {
                                    $0.status = status
                                    $0.statusTime = Google_Protobuf_Timestamp(date: time)
                                    $0.recordTime = Google_Protobuf_Timestamp(date: time)
                                    $0.handler = .with {
                                        $0.fullName = signers[(index + n) % signers.count]
                                        $0.unit = "Văn thư"
                                    }
                                }
                            }
                        }))
            }
        }
        return entries
    }
}

extension Date {
    /// The day in Vietnam time, `yyyy-MM-dd`.
    fileprivate var vietnamDay: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: self)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
