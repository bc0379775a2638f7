import Foundation
import GRPCCore
import Logging
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

@testable import VDXPSearch

/// Search on a real platform (Art. 4.2.c, 12.1): documents sent through Exchange's API, indexed from its journal,
/// found by text and filters, looked up and traced — each member seeing only its own documents.
@Suite("Search: finding and tracing documents", .timeLimit(.minutes(10)))
struct SearchTests {
    static let sender = TestPlatform.sender.organisationID
    static let recipient = TestPlatform.recipient.organisationID
    static let stranger = TestPlatform.stranger.organisationID

    /// Sends the three documents the tests search: two to the recipient, one to the stranger.
    static func sendDocuments(_ platform: TestPlatform) async throws -> [String] {
        var ids: [String] = []
        let documents: [(String, String, [DevelopmentMember], Int32)] = [
            ("101", "Quyết định phê duyệt Đề án chuyển đổi số quốc gia", [TestPlatform.recipient], 0),
            ("102", "Về việc tổ chức hội nghị trực tuyến toàn quốc", [TestPlatform.recipient], 3),
            ("103", "Kế hoạch đào tạo cán bộ năm 2027", [TestPlatform.stranger], 1),
        ]
        for (number, subject, recipients, priority) in documents {
            var header = TestPlatform.header(number: number, to: recipients, priority: priority)
            header.subject = subject
            try await platform.send(try platform.messages(header))
            ids.append(header.documentID)
        }
        return ids
    }

    static func search(
        _ client: PlatformClient, _ text: String = "", facets: [String] = [], pageSize: Int32 = 0,
        filter: (inout Vdxp_Search_V1_SearchFilter) -> Void = { _ in }
    ) async throws -> Vdxp_Search_V1_SearchDocumentsResponse {
        var request = Vdxp_Search_V1_SearchDocumentsRequest()
        request.text = text
        request.facets = facets
        request.pageSize = pageSize
        filter(&request.filter)
        return try await client.search { [request] in try await $0.searchDocuments(request) }
    }

    @Test("subjects are found without accents, with đ written d, and with a typo; other words find nothing")
    func accentInsensitiveAndTypoTolerant() async throws {
        try await TestPlatform.with { platform in
            let ids = try await Self.sendDocuments(platform)
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                let operatorClient = search.operatorClient

                let plain = try await Self.search(operatorClient, "quyet dinh")
                #expect(plain.hits.map(\.document.documentID) == [ids[0]])
                #expect(plain.hits.first?.subjectHighlight == "«Quyết định» phê duyệt Đề án chuyển đổi số quốc gia")
                #expect(plain.total == 1)

                let typo = try await Self.search(operatorClient, "quyet dihn")
                #expect(typo.hits.first?.document.documentID == ids[0])
                #expect(typo.hits.first?.subjectHighlight.hasPrefix("«Quyết định»") == true)
                #expect(typo.total == 1)
                // "ngh" is in no document: corrected at once, among known words of another document.
                let shortened = try await Self.search(operatorClient, "hoi ngh truc tuyen")
                #expect(shortened.hits.map(\.document.documentID) == [ids[1]])

                let withD = try await Self.search(operatorClient, "de an chuyen doi")
                #expect(withD.hits.map(\.document.documentID) == [ids[0]])
                let accented = try await Self.search(operatorClient, "Hội nghị")
                #expect(accented.hits.map(\.document.documentID) == [ids[1]])

                let miss = try await Self.search(operatorClient, "ngân sách nhà nước")
                #expect(miss.hits.isEmpty)
                #expect(miss.total == 0)

                let byCode = try await Self.search(operatorClient, "102/VPCP-TTĐT")
                #expect(byCode.hits.first?.document.documentID == ids[1])
                #expect(byCode.hits.first?.codeHighlight == "«102»/«VPCP»-«TTĐT»")
                #expect(byCode.hits.first?.document.code.number == "102")
                #expect(byCode.hits.first?.document.code.notation == "VPCP-TTĐT")
                // The number alone, the notation alone or a part of it, and the document id whole find it too.
                let byNumber = try await Self.search(operatorClient, "102")
                #expect(byNumber.hits.map(\.document.documentID) == [ids[1]])
                #expect(try await Self.search(operatorClient, "VPCP-TTĐT").total == 3)
                #expect(try await Self.search(operatorClient, "ttdt").total == 3)
                let byID = try await Self.search(operatorClient, ids[2])
                #expect(byID.hits.map(\.document.documentID) == [ids[2]])

                let flash = try await Self.search(operatorClient, facets: ["priority", "recipient"]) {
                    $0.priorities = [3]
                }
                #expect(flash.hits.map(\.document.documentID) == [ids[1]])
                #expect(flash.facets.first?.values.map(\.label) == ["Hỏa tốc"])
                #expect(flash.facets.last?.values.map(\.value) == [Self.recipient])

                let hungYen = try await Self.search(operatorClient, facets: ["level1_unit"]) {
                    $0.level1UnitIds = ["000.00.00.H29"]
                }
                #expect(hungYen.hits.map(\.document.documentID) == [ids[2]])
                #expect(
                    hungYen.facets.first?.values.map(\.value).sorted() == ["000.00.00.G22", "000.00.00.H29"])
                let government = try await Self.search(operatorClient) { $0.level1UnitIds = ["000.01.31.G22"] }
                #expect(government.total == 3, "a unit in the Government Office's tree stands for the whole tree")

                // Newest first without text, one page at a time, every document once.
                var seen: [String] = []
                var token = ""
                repeat {
                    let page = try await search.operatorClient.search { [token] in
                        try await $0.searchDocuments(
                            .with {
                                $0.pageSize = 1
                                $0.pageToken = token
                            })
                    }
                    #expect(page.hits.count == 1)
                    #expect(page.total == 3)
                    seen += page.hits.map(\.document.documentID)
                    token = page.nextPageToken
                } while !token.isEmpty
                #expect(seen == ids.reversed())
            }
        }
    }

    @Test("a member sees only the documents it sent or received, through every filter, facet, lookup and trace")
    func membersSeeTheirOwn() async throws {
        try await TestPlatform.with { platform in
            let ids = try await Self.sendDocuments(platform)
            let recipient = platform.member(TestPlatform.recipient)
            let delivery = try #require(
                try await recipient.exchange {
                    try await $0.fetchInbox(.init()).deliveries.first {
                        $0.documentID == ids[0]
                    }
                })
            _ = try await recipient.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            _ = try await recipient.exchange {
                try await $0.updateDocumentStatus(
                    .with {
                        $0.documentID = ids[0]
                        $0.status = .registered
                        $0.handler = .with {
                            $0.fullName = "Nguyễn Văn An"
                            $0.unit = "Văn phòng"
                        }
                    })
            }
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                try await TestMonitoring.eventually("the registration is indexed") {
                    let trace = try await search.operatorClient.search {
                        try await $0.traceDocument(.with { $0.documentID = ids[0] })
                    }
                    return trace.events.count == 3
                }

                let own = try await Self.search(search.member(TestPlatform.recipient), facets: ["sender", "status"])
                #expect(Set(own.hits.map(\.document.documentID)) == [ids[0], ids[1]])
                #expect(own.facets.first?.values.map(\.count) == [2])

                let stranger = search.member(TestPlatform.stranger)
                let strangers = try await Self.search(
                    stranger, "", facets: ["sender", "recipient", "status", "level1_unit", "send_month"])
                #expect(strangers.hits.map(\.document.documentID) == [ids[2]])
                #expect(strangers.total == 1)
                #expect(strangers.facets[0].values.map(\.count) == [1])
                #expect(strangers.facets[1].values.map(\.value) == [Self.stranger])
                #expect(strangers.facets[2].values.isEmpty, "the stranger sees no status of documents it never had")
                for text in ["quyet dinh", "hoi nghi", "101/VPCP-TTĐT"] {
                    let found = try await Self.search(stranger, text, facets: ["sender"])
                    #expect(found.hits.isEmpty, "the stranger finds nothing for \(text)")
                    #expect(found.facets.first?.values.isEmpty == true)
                }
                let bySender = try await Self.search(stranger) { $0.senderOrganisationIds = [Self.sender] }
                #expect(bySender.hits.map(\.document.documentID) == [ids[2]])
                let byStatus = try await Self.search(stranger) { $0.statuses = [.registered] }
                #expect(byStatus.hits.isEmpty)
                let byRecipient = try await Self.search(stranger) { $0.recipientOrganisationIds = [Self.recipient] }
                #expect(byRecipient.hits.isEmpty)

                for call in [
                    { try await stranger.search { _ = try await $0.lookupDocument(.with { $0.documentID = ids[0] }) } },
                    {
                        try await stranger.search {
                            _ = try await $0.lookupDocument(.with { $0.numberAndNotation = "101/VPCP-TTĐT" })
                        }
                    },
                    { try await stranger.search { _ = try await $0.traceDocument(.with { $0.documentID = ids[0] }) } },
                ] as [@Sendable () async throws -> Void] {
                    #expect(await statusCode(call) == .notFound)
                }

                let byCode = try await search.member(TestPlatform.recipient).search {
                    try await $0.lookupDocument(.with { $0.numberAndNotation = " 101/VPCP-TTĐT " })
                }
                #expect(byCode.documentID == ids[0])
                #expect(byCode.recipients.map(\.status) == [.registered])
                #expect(byCode.recipients.map(\.deliveryState) == [.acknowledged])
                #expect(byCode.legalValue == .referenceOnly)

                let trace = try await search.member(TestPlatform.sender).search {
                    try await $0.traceDocument(.with { $0.documentID = ids[0] })
                }
                #expect(trace.events.map(\.type) == ["document.sent", "delivery.acknowledged", "status.changed"])
                #expect(trace.events.map(\.status) == [.unspecified, .arrived, .registered])
                #expect(trace.events.last?.description_p == "\(Self.recipient): Đã vào sổ")
                #expect(trace.events.allSatisfy { $0.entryHash.count == 64 })
                #expect(trace.events.map(\.sequence) == trace.events.map(\.sequence).sorted())
            }
        }
    }

    @Test(
        "the QĐ 28 Art. 10.2 metadata arrives from a real send: type code, signer, places, dates, sender's name; filtered, faceted and searched by signer"
    )
    func articleTenTwoMetadata() async throws {
        try await TestPlatform.with { platform in
            var decision = TestPlatform.header(number: "301")
            decision.subject = "Quyết định phân bổ kinh phí"
            decision.documentType = .with {
                $0.type = 1
                $0.typeName = "Quyết định"
            }
            decision.signer = .with {
                $0.competence = "KT. Bộ trưởng"
                $0.position = "Thứ trưởng"
                $0.fullName = "Nguyễn Thị Hoà"
            }
            decision.promulgation = .with {
                $0.place = "Đà Nẵng"
                $0.date = "2026/02/20"
            }
            decision.dueDate = "15/03/2026"
            decision.responseFor = ["000.00.00.H29,2026,12/UBND-VP"]
            try await platform.send(try platform.messages(decision))
            let decisionID = decision.documentID
            var letter = TestPlatform.header(number: "302")
            letter.dueDate = "2026-04-30"
            try await platform.send(try platform.messages(letter))
            let letterID = letter.documentID

            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 2)
                let client = search.operatorClient
                let found = try await client.search {
                    try await $0.lookupDocument(.with { $0.documentID = decisionID })
                }
                #expect(found.documentType.type == 1)
                #expect(found.documentType.typeName == "Quyết định")
                #expect(found.sender.name == TestPlatform.sender.name)
                #expect(found.signer.fullName == "Nguyễn Thị Hoà")
                #expect(found.signer.position == "Thứ trưởng")
                #expect(found.signer.competence == "KT. Bộ trưởng")
                #expect(found.promulgationPlace == "Đà Nẵng")
                #expect(found.promulgationDate == "2026-02-20", "legacy dates are shown yyyy-MM-dd")
                #expect(found.dueDate == "2026-03-15")
                #expect(found.relatedDocumentIds == ["000.00.00.H29,2026,12/UBND-VP"])
                let trace = try await client.search {
                    try await $0.traceDocument(.with { $0.documentID = decisionID })
                }
                #expect(trace.document.signer.fullName == "Nguyễn Thị Hoà")
                #expect(trace.document.dueDate == "2026-03-15")

                let bySigner = try await Self.search(client, "nguyen thi hoa")
                #expect(bySigner.hits.map(\.document.documentID) == [decisionID])
                let byType = try await Self.search(client, facets: ["document_type_code"]) { $0.documentTypes = [1] }
                #expect(byType.hits.map(\.document.documentID) == [decisionID])
                let codes = try await Self.search(client, facets: ["document_type_code"])
                #expect(codes.facets.first?.values.map(\.value) == ["1", "2"])
                #expect(
                    codes.facets.first?.values.map(\.label) == ["Văn bản quy phạm pháp luật", "Văn bản hành chính"])
                let dueInMarch = try await Self.search(client) {
                    $0.dueFrom = "2026-03-01"
                    $0.dueTo = "31/03/2026"
                }
                #expect(dueInMarch.hits.map(\.document.documentID) == [decisionID])
                let dueFromApril = try await Self.search(client) { $0.dueFrom = "2026-03-16" }
                #expect(dueFromApril.hits.map(\.document.documentID) == [letterID])
                let promulgated = try await Self.search(client) {
                    $0.promulgatedFrom = "2026-02-01"
                    $0.promulgatedTo = "2026-02-28"
                }
                #expect(promulgated.hits.map(\.document.documentID) == [decisionID])
            }
        }
    }

    @Test("the projection resumes after a restart without indexing twice, and a rebuild from zero gives the same index")
    func restartAndRebuild() async throws {
        try await TestPlatform.with { platform in
            var first = TestPlatform.header(number: "201")
            first.subject = "Quyết định ban hành quy chế"
            try await platform.send(try platform.messages(first))
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 1)
            }
            var second = TestPlatform.header(number: "202")
            second.subject = "Thông báo lịch nghỉ Tết"
            try await platform.send(try platform.messages(second))

            var afterRestart: Snapshot?
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 2)
                afterRestart = try await Snapshot.take(search, ids: [first.documentID, second.documentID])
                #expect(afterRestart?.traces.map(\.events.count) == [1, 1], "no entry was indexed twice")
            }
            let database = Database(
                configuration: try DatabaseURL(platform.databaseURL).clientConfiguration(maximumConnections: 2),
                logger: platform.logger)
            let running = Task { await database.run() }
            // The rebuild as docs/operations.md gives it to the operator, statement by statement on one connection.
            let rebuild = try RepositoryFiles.sqlStatements(
                in: "docs/operations.md", under: "#### Rebuilding Search's index")
            #expect(rebuild.first == "BEGIN" && rebuild.last == "COMMIT")
            try await database.withConnection { connection in
                for statement in rebuild {
                    let rows = try await database.query(
                        PostgresQuery(unsafeSQL: statement), on: connection, logger: platform.logger)
                    for try await _ in rows {}
                }
            }
            running.cancel()
            await running.value

            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 2)
                try await search.waitForSequence(afterRestart?.status.lastSequence ?? 0)
                let rebuilt = try await Snapshot.take(search, ids: [first.documentID, second.documentID])
                #expect(rebuilt.hits == afterRestart?.hits)
                #expect(rebuilt.traces == afterRestart?.traces)
                #expect(rebuilt.status.documentCount == afterRestart?.status.documentCount)
            }
        }
    }

    @Test("every query is logged with its caller; only the operator reads the log; bad input is refused by field")
    func queryLogAndRefusals() async throws {
        try await TestPlatform.with { platform in
            let ids = try await Self.sendDocuments(platform)
            // Queries read from a second pool (VDXP_READ_DATABASE_URL), here on the same server.
            let readURL = try TestPlatform.serviceDatabaseURL(platform.databaseURL, service: "search")
                .replacingOccurrences(of: "sslmode=disable", with: "sslmode=prefer")
            try await platform.withSearch(settings: ["VDXP_READ_DATABASE_URL": readURL]) { search in
                try await search.waitForIndex(documents: 3)
                let recipient = search.member(TestPlatform.recipient)
                _ = try await Self.search(recipient, "quyết định")
                _ = try await recipient.search { try await $0.traceDocument(.with { $0.documentID = ids[0] }) }

                let log = try await search.operatorClient.search {
                    try await $0.listQueryLog(.with { $0.caller = "member \(Self.recipient)" })
                }
                #expect(log.queries.map(\.method) == ["TraceDocument", "SearchDocuments"])
                #expect(log.queries.last?.queryText == "quyết định")
                #expect(log.queries.last?.resultCount == 1)
                #expect(log.queries.last?.filtersJson.contains("quyết định") == true)
                let unaccented = try await search.operatorClient.search {
                    try await $0.listQueryLog(.with { $0.text = "QUYET" })
                }
                #expect(unaccented.queries.map(\.method) == ["SearchDocuments"])
                let paged = try await search.operatorClient.search {
                    try await $0.listQueryLog(.with { $0.pageSize = 1 })
                }
                #expect(paged.queries.count == 1)
                #expect(!paged.nextPageToken.isEmpty)

                let status = try await search.service("report").search { try await $0.getIndexStatus(.init()) }
                #expect(status.documentCount == 3)
                #expect(status.lastSequence == 3)

                #expect(
                    await statusCode { _ = try await recipient.search { try await $0.listQueryLog(.init()) } }
                        == .permissionDenied)
                #expect(
                    await statusCode { _ = try await recipient.search { try await $0.getIndexStatus(.init()) } }
                        == .permissionDenied)
                #expect(
                    await statusCode {
                        _ = try await search.service("report").search { try await $0.listQueryLog(.init()) }
                    } == .permissionDenied)

                let bad: [(String, Vdxp_Search_V1_SearchDocumentsRequest)] = [
                    ("text", .with { $0.text = String(repeating: "a", count: 201) }),
                    ("facets[0]", .with { $0.facets = ["colour"] }),
                    ("page_size", .with { $0.pageSize = 101 }),
                    ("page_token", .with { $0.pageToken = "not a token" }),
                    ("filter.priorities[0]", .with { $0.filter.priorities = [7] }),
                    ("filter.sender_organisation_ids[0]", .with { $0.filter.senderOrganisationIds = ["nobody"] }),
                    ("filter.statuses[0]", .with { $0.filter.statuses = [.unspecified] }),
                ]
                for (field, request) in bad {
                    let error = await #expect(throws: RPCError.self) {
                        try await recipient.search { try await $0.searchDocuments(request) }
                    }
                    #expect(error?.code == .invalidArgument)
                    #expect(error?.badRequestFields == [field], "refused naming \(field)")
                }
                let otherQuery = try await Self.search(recipient, pageSize: 1)
                let reused = await #expect(throws: RPCError.self) {
                    try await recipient.search {
                        try await $0.searchDocuments(
                            .with {
                                $0.text = "hoi nghi"
                                $0.pageToken = otherQuery.nextPageToken
                            })
                    }
                }
                #expect(reused?.code == .invalidArgument)
                #expect(
                    await statusCode { _ = try await recipient.search { try await $0.lookupDocument(.init()) } }
                        == .invalidArgument)
                #expect(
                    await statusCode {
                        _ = try await recipient.search { try await $0.traceDocument(.with { $0.documentID = "7816" }) }
                    } == .invalidArgument)
                #expect(
                    await statusCode {
                        _ = try await search.operatorClient.search {
                            try await $0.listQueryLog(.with { $0.pageSize = 501 })
                        }
                    } == .invalidArgument)
            }
        }
    }
}

/// What Search answers about a set of documents, to compare two indexes.
struct Snapshot: Sendable {
    var hits: [Vdxp_Search_V1_SearchHit]
    var traces: [Vdxp_Search_V1_DocumentTrace]
    var status: Vdxp_Search_V1_IndexStatus

    static func take(_ search: TestSearch, ids: [String]) async throws -> Snapshot {
        let hits = try await search.operatorClient.search {
            try await $0.searchDocuments(.with { $0.pageSize = 100 }).hits
        }
        var traces: [Vdxp_Search_V1_DocumentTrace] = []
        for id in ids {
            traces.append(
                try await search.operatorClient.search { try await $0.traceDocument(.with { $0.documentID = id }) })
        }
        let status = try await search.operatorClient.search { try await $0.getIndexStatus(.init()) }
        return Snapshot(hits: hits, traces: traces, status: status)
    }
}
