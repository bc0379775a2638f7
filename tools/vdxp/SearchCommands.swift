import ArgumentParser
import Foundation
import GRPCCore
import SwiftProtobuf
import Synchronization
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

/// `vdxp seed --documents N`: fills a running dev platform with realistic documents, for Search and Report to index:
/// through the real Exchange API (signed, sent, acknowledged, some registered and processed) — the default, for
/// thousands — or, with `--through journal`, as journal entries Exchange chains and the projections index
/// (``JournalSeed``), for millions.
struct SeedDocuments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract:
            "Fill a dev platform with realistic documents for Search and Report, through Exchange or its journal.",
        discussion: """
            --through api (the default): documents go both ways between the dev members through Exchange, with
            Vietnamese subjects (accents, đ), priorities 0 to 3 and, at the recipient, statuses 01 (all), 03 (two in
            three) and 05 (one in three). This is the real path — a signature check and a durable commit per
            document, a few hundred per second — so it is meant for thousands.

            --through journal: a national dataset (465 organisations under the 30 ministries G01–G30 and 63
            provinces H01–H63, one or two recipients each, nine in ten acknowledged, many registered, processed,
            completed) written as the `document.sent`, `delivery.acknowledged` and `status.changed` entries Exchange
            journals, straight into its journal (the cluster file's database). Exchange chains them and Search and
            Report index them from its journal stream, as they would real traffic; --wait waits for Search and
            prints how fast it indexed. The documents are not in Exchange's own tables (no signed bytes, no
            inboxes): use it on a throwaway platform, to measure on a million documents. It refuses a cluster file
            whose database is not on this machine (127.0.0.1, ::1, localhost or a unix socket).
            """)
    /// The two ways in.
    enum Path: String, ExpressibleByArgument, CaseIterable {
        case api, journal
    }

    @OptionGroup var options: ClusterOptions
    @Option(help: "How many documents.") var documents = 100
    @Option(help: "How many sends in flight at once (--through api).") var concurrency = 8
    @Option(help: "api: sign and send through Exchange; journal: append journal entries for the projections.")
    var through: Path = .api
    @Option(help: "Over how many days before now the documents are spread (--through journal).") var days = 330
    @Flag(help: "Wait until Search has indexed them (giving up after 10 minutes without progress); print the rate.")
    var wait = false

    func run() async throws {
        switch through {
        case .api: try await sendThroughExchange()
        case .journal: try await appendToJournal()
        }
    }

    /// Whether `host` is this machine: a loopback address, `localhost`, or a unix socket's directory.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host.hasPrefix("/") || host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// `--through journal`.
    private func appendToJournal() async throws {
        let cluster = try options.load()
        guard documents > 0, days > 0 else { throw CLIError("--documents and --days must be at least 1") }
        let database = try DatabaseURL(cluster.developmentDatabase(for: "`seed --through journal`"))
        guard Self.isLoopback(database.host) else {
            throw CommandFailure(
                .refused,
                "--through journal writes made-up entries that Exchange seals into its journal for good, and the "
                    + "cluster file's database is on \(database.host), not this machine: it runs only against a "
                    + "throwaway platform whose database is on 127.0.0.1, ::1, localhost or a unix socket "
                    + "(use --through api to send real documents)")
        }
        let search = try cluster.operatorClient("search")
        let before = wait ? try await search.search { try await $0.getIndexStatus(.init()) }.documentCount : 0
        let seed = JournalSeed(
            databaseURL: database, documents: documents,
            run: String(Int(Date().timeIntervalSince1970) % 100_000), now: Date(), days: days)
        let started = ContinuousClock.now
        let step = max(documents / 10, JournalSeed.documentsPerTransaction)
        let reported = Mutex(0)
        let entries = try await seed.write { done in
            let report = reported.withLock { last -> Bool in
                guard done - last >= step || done == documents else { return false }
                last = done
                return true
            }
            if report { print("appended \(done) of \(documents) documents") }
        }
        let appended = ContinuousClock.now - started
        print(
            "appended \(entries) journal entries for \(documents) documents in "
                + String(format: "%.1f s", appended.timeInterval))
        guard wait else {
            print(
                "Exchange chains them and Search and Report index them now: `vdxp search` and GetIndexStatus show how far"
            )
            return
        }
        let target = before + Int64(documents)
        var indexed = before
        var lastProgress = ContinuousClock.now
        while indexed < target {
            try await Task.sleep(for: .seconds(2))
            let now = try await search.search { try await $0.getIndexStatus(.init()) }.documentCount
            if now > indexed { lastProgress = ContinuousClock.now }
            indexed = now
            // Progress shows per committed batch (up to 500 entries), which a loaded machine may take minutes over.
            guard ContinuousClock.now - lastProgress < .seconds(600) else {
                throw CLIError(
                    "Search indexed no document for 10 minutes (\(indexed - before) of \(documents) so far): check that "
                        + "vdxp-search and vdxp-exchange are running and read their logs; the entries stay in the "
                        + "journal and are indexed once Search follows it again")
            }
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        print(
            "Search indexed \(documents) documents " + String(format: "%.1f s", elapsed) + " after the first append "
                + "(\(Int(Double(documents) / max(elapsed, 0.001))) documents/s)")
    }

    /// `--through api`.
    private func sendThroughExchange() async throws {
        let cluster = try options.load()
        let members = Dev.demoMembers.map(\.organisationID)
        let run = String(Int(Date().timeIntervalSince1970) % 100_000)
        let notations = ["VPCP-KGVX", "UBND-VX", "VPCP-TTĐT", "QĐ-UBND", "BC-VPCP"]
        let count = documents
        var sent: [String] = []
        try await withThrowingTaskGroup(of: String.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                let sender = members[index % members.count]
                let recipient = members[(index + 1) % members.count]
                group.addTask {
                    let document = try await DocumentSender.send(
                        cluster: cluster, from: sender, to: [recipient], number: "\(run)\(index)",
                        notation: notations[index % notations.count], subject: SeedSubjects.subject(index),
                        priority: [0, 0, 0, 1, 2, 3][index % 6], attachments: [])
                    return document.documentID
                }
            }
            while next < min(concurrency, count) { add() }
            while let id = try await group.next() {
                sent.append(id)
                if next < count { add() }
            }
        }
        print("sent \(sent.count) documents")
        var updated = 0
        for member in members {
            let client = try cluster.memberClient("exchange", as: member)
            updated += try await client.exchange { exchange in
                var updated = 0
                while true {
                    let deliveries = try await exchange.fetchInbox(.with { $0.maxDeliveries = 100 }).deliveries
                    if deliveries.isEmpty { break }
                    for delivery in deliveries {
                        _ = try await exchange.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
                        let number = delivery.documentID.unicodeScalars.reduce(0) { $0 + Int($1.value) }
                        let steps: [Vdxp_Exchange_V1_DocumentStatus] =
                            number % 3 == 0 ? [] : number % 3 == 1 ? [.registered] : [.registered, .processing]
                        for status in steps {
                            _ = try await exchange.updateDocumentStatus(
                                .with {
                                    $0.documentID = delivery.documentID
                                    $0.status = status
                                    $0.handler = .with {
                                        $0.fullName = "Nguyễn Thị Hoa"
                                        $0.unit = "Văn thư"
                                    }
                                })
                        }
                        updated += 1
                    }
                }
                return updated
            }
        }
        print("acknowledged \(updated) deliveries (some registered and processing)")
    }
}

/// Vietnamese subjects for seeded documents: kind, action and object, with accents and đ.
enum SeedSubjects {
    static let kinds = [
        "Quyết định", "Công văn", "Về việc", "Thông báo", "Kế hoạch", "Báo cáo", "Tờ trình", "Chỉ thị", "Hướng dẫn",
        "Giấy mời",
    ]
    static let actions = [
        "phê duyệt", "triển khai", "tổ chức", "ban hành", "sửa đổi, bổ sung", "kiểm tra", "tăng cường", "thực hiện",
        "đôn đốc", "tổng kết",
    ]
    static let objects = [
        "Đề án chuyển đổi số quốc gia", "kế hoạch đầu tư công trung hạn", "hội nghị trực tuyến toàn quốc",
        "quy chế làm việc", "công tác phòng, chống thiên tai", "dự toán ngân sách nhà nước",
        "chương trình mục tiêu quốc gia xây dựng nông thôn mới", "cải cách thủ tục hành chính",
        "dự án đường bộ cao tốc Bắc – Nam", "đào tạo, bồi dưỡng cán bộ, công chức", "an toàn thông tin mạng",
    ]

    /// The subject of the `index`th seeded document.
    static func subject(_ index: Int) -> String {
        "\(kinds[index % kinds.count]) \(actions[(index / kinds.count) % actions.count]) "
            + "\(objects[(index * 7) % objects.count])"
    }
}

/// `vdxp search TEXT`: searches documents as the operator (or as a dev member or a platform auditor with --as).
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search documents by text (accents and typos forgiven), as Search indexes them.")
    @OptionGroup var options: ClusterOptions
    @Argument(help: "Words of the subject, the number and notation or the signer's name; empty lists the newest.")
    var text = ""
    @Option(
        name: .customLong("as"),
        help: "Search as this dev member, or as auditor:<name> (default: the operator).")
    var member: String?
    @Option(help: "Facets to count: sender, recipient, level1_unit, priority, document_type, status, …")
    var facet: [String] = []
    @Option(help: "How many hits.") var limit: Int32 = 20
    @Option(help: "Only this document type code (1 legal normative, 2 administrative, 3 specialised, 4 Party).")
    var type: [Int32] = []
    @Option(help: "Only documents due on or after this day (yyyy-MM-dd).") var dueFrom = ""
    @Option(help: "Only documents due on or before this day (yyyy-MM-dd).") var dueTo = ""

    func run() async throws {
        let cluster = try options.load()
        let client = try cluster.client("search", as: member)
        let request = Vdxp_Search_V1_SearchDocumentsRequest.with {
            $0.text = text
            $0.facets = facet
            $0.pageSize = limit
            $0.filter.documentTypes = type
            $0.filter.dueFrom = dueFrom
            $0.filter.dueTo = dueTo
        }
        let response = try await client.search { try await $0.searchDocuments(request) }
        if options.json { return try printJSON(response) }
        print("\(response.total)\(response.totalIsLowerBound ? "+" : "") documents")
        for hit in response.hits {
            let due = hit.document.dueDate.isEmpty ? "" : "  (hạn \(hit.document.dueDate))"
            print("  \(hit.document.documentID)  \(hit.subjectHighlight)\(due)")
        }
        for facet in response.facets {
            print("\(facet.field): " + facet.values.map { "\($0.label) (\($0.count))" }.joined(separator: ", "))
        }
    }
}

/// `vdxp bench search`: SearchDocuments and LookupDocument through the real gRPC server (mutual TLS, the read pool),
/// one query shape after another, each for `--seconds` with `--concurrency` calls in flight on one connection;
/// prints p50/p95/p99 per shape. The shapes are those of scripts/bench-search.sh (whose synthetic index it is meant
/// to run against: the texts and filters match its vocabulary), so the SQL-level and RPC-level figures line up,
/// plus `mix` (the accented, unaccented, misspelt and filtered requests in turn: the mix issue 14's p95 target is
/// stated on), a faceted search, and a member's views. Benchmark release builds only.
struct SearchLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Measure Search's RPCs per query shape (p50/p95/p99), as the operator and as one member.")
    @OptionGroup var options: ClusterOptions
    @Option(help: "Seconds per query shape.") var seconds = 20
    @Option(help: "Calls in flight at once.") var concurrency = 1
    @Option(help: "The member whose own view is measured (its certificates must be in the cluster file).")
    var member = "000.00.00.H26"
    @Option(help: "Only these shapes (default: all).") var shape: [String] = []

    /// A query shape: its name, who asks, and the request — or, for a mix, the requests taken in turn.
    struct Shape: Sendable {
        var name: String
        var asMember: Bool
        var request: Vdxp_Search_V1_SearchDocumentsRequest?
        var lookup: Vdxp_Search_V1_LookupDocumentRequest?
        var mix: [Vdxp_Search_V1_SearchDocumentsRequest] = []
    }

    /// The next request of a mix, in turn across the calls in flight.
    final class Rotation: Sendable {
        private let counter = Atomic<Int>(0)
        func next(of count: Int) -> Int { counter.add(1, ordering: .relaxed).oldValue % count }
    }

    static func shapes() -> [Shape] {
        func text(_ text: String, _ change: (inout Vdxp_Search_V1_SearchDocumentsRequest) -> Void = { _ in })
            -> Vdxp_Search_V1_SearchDocumentsRequest
        {
            var request = Vdxp_Search_V1_SearchDocumentsRequest.with { $0.text = text }
            change(&request)
            return request
        }
        let accented = text("phê duyệt Đề án chuyển đổi số")
        let unaccented = text("phe duyet de an chuyen doi so")
        let misspelt = text("phe duyte de an chuyen doi")
        let filtered = text("chuyen doi so") {
            $0.filter.level1UnitIds = ["000.00.00.G12", "000.00.00.H01"]
            $0.filter.priorities = [1, 2, 3]
        }
        return [
            Shape(name: "accented", asMember: false, request: accented),
            Shape(name: "unaccented", asMember: false, request: unaccented),
            Shape(name: "misspelt", asMember: false, request: misspelt),
            Shape(name: "filtered", asMember: false, request: filtered),
            // Issue 14's target is the p95 of this mix: the four kinds above in turn, one call each.
            Shape(name: "mix", asMember: false, mix: [accented, unaccented, misspelt, filtered]),
            Shape(
                name: "faceted", asMember: false,
                request: text("phe duyet de an chuyen doi so") {
                    $0.facets = ["sender", "priority", "level1_unit", "status"]
                }),
            Shape(name: "newest", asMember: false, request: text("")),
            Shape(name: "member-newest", asMember: true, request: text("")),
            Shape(name: "member-text", asMember: true, request: text("chuyen doi so")),
            Shape(
                name: "number", asMember: false,
                lookup: .with { $0.numberAndNotation = "7816/CV-B12" }),
        ]
    }

    func run() async throws {
        let cluster = try options.loadWithoutDeadline()
        let operatorClient = try cluster.operatorClient("search")
        let memberClient = try cluster.memberClient("search", as: member)
        let (seconds, concurrency) = (self.seconds, self.concurrency)
        print(ShapeLoad.header)
        for shape in Self.shapes() where self.shape.isEmpty || self.shape.contains(shape.name) {
            let client = shape.asMember ? memberClient : operatorClient
            let rotation = Rotation()
            try await ShapeLoad.measureAndPrint(
                shape.name, on: client, seconds: seconds, concurrency: concurrency
            ) { grpc in
                let search = Vdxp_Search_V1_SearchService.Client(wrapping: grpc)
                if !shape.mix.isEmpty {
                    _ = try await search.searchDocuments(shape.mix[rotation.next(of: shape.mix.count)])
                } else if let request = shape.request {
                    _ = try await search.searchDocuments(request)
                } else if let lookup = shape.lookup {
                    _ = try await search.lookupDocument(lookup)
                }
            }
        }
    }
}
