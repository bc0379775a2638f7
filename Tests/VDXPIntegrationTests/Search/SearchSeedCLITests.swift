import Foundation
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// Issue 14's data to measure on, "through the journal format for large N, so the projection does the indexing":
/// `vdxp seed --through journal` (the built tool, as a person runs it) appends a national dataset to Exchange's
/// journal; Exchange chains it like any entry (the audit from outside still verifies), and Search indexes it from
/// `StreamJournal`: accented and unaccented text finds it, its trace shows each recipient's progress, and
/// `vdxp trace` and `vdxp search --as auditor:inspector` print it.
@Suite("vdxp seed through the journal, indexed by the real Search", .timeLimit(.minutes(10)))
struct SearchSeedCLITests {
    /// About 800 journal entries: two batches of the projection. A loaded CI machine running a debug build indexed
    /// ~5 entries a second, so more would only make the test slow.
    static let documents = 200

    @Test("a seeded national dataset is chained by Exchange, indexed by Search, searchable and traceable")
    func journalSeed() async throws {
        try await TestPlatform.with { platform in
            try await platform.withSearch { search in
                let directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("vdxp-seed-cli-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let cluster = directory.appendingPathComponent("cluster.json").path
                try BuiltTool.writeClusterFile(
                    at: cluster,
                    services: ["exchange": platform.exchange.description, "search": search.address.description],
                    pki: platform.pki, databaseURL: platform.databaseURL)
                func vdxp(_ arguments: String...) async throws -> String {
                    let (status, output) = try await BuiltTool.vdxp(arguments + ["--cluster", cluster])
                    #expect(status == 0, "vdxp \(arguments.joined(separator: " ")): \(output)")
                    return output
                }

                let seeded = try await vdxp(
                    "seed", "--through", "journal", "--documents", "\(Self.documents)", "--days", "60", "--wait")
                #expect(seeded.contains("for \(Self.documents) documents"), "\(seeded)")
                #expect(seeded.contains("Search indexed \(Self.documents) documents"), "\(seeded)")

                // Exchange chained every appended entry, and the chain still verifies from outside.
                var exchangeClient = platform.operatorClient
                exchangeClient.address = platform.exchange
                let journalLength = try await platform.journalLength()
                var audit = try await exchangeClient.auditJournal(
                    after: 0, platformCA: try PEM.loadCertificateChain(pemFile: platform.pki.platformCA))
                for _ in 0..<100 where audit.lastSequence < journalLength {
                    try await Task.sleep(for: .milliseconds(200))
                    audit = try await exchangeClient.auditJournal(
                        after: 0, platformCA: try PEM.loadCertificateChain(pemFile: platform.pki.platformCA))
                }
                #expect(audit.problem == nil, "\(String(describing: audit.problem))")
                #expect(audit.lastSequence == journalLength)
                #expect(journalLength > Int64(Self.documents), "acknowledgements and statuses too")

                // Indexed by Search: accents forgiven, filters on the national ids, the recipients' progress. `--wait`
                // returned once every document was indexed; the acknowledgements and statuses may come a batch later.
                try await TestMonitoring.eventually("Search applied the whole journal", within: .seconds(480)) {
                    try await search.operatorClient.search { try await $0.getIndexStatus(.init()) }.lastSequence
                        >= journalLength
                }
                let status = try await search.operatorClient.search { try await $0.getIndexStatus(.init()) }
                #expect(status.documentCount == Int64(Self.documents))
                #expect(status.lastSequence == journalLength)
                let accented = try await SearchTests.search(search.operatorClient, "quyết định phê duyệt")
                let plain = try await SearchTests.search(search.operatorClient, "quyet dinh phe duyet")
                #expect(accented.total > 0)
                #expect(plain.total == accented.total)
                let province = try await SearchTests.search(search.operatorClient, facets: ["level1_unit"]) {
                    $0.level1UnitIds = ["000.00.00.H07"]
                }
                #expect(province.total > 0)
                #expect(
                    province.hits.allSatisfy { hit in
                        hit.document.documentID.contains(".H07")
                            || hit.document.recipientOrganisationIds.contains { $0.hasSuffix(".H07") }
                    })
                let newest = try #require(try await SearchTests.search(search.operatorClient).hits.first)
                let trace = try await search.operatorClient.search {
                    try await $0.traceDocument(.with { $0.documentID = newest.document.documentID })
                }
                #expect(trace.events.first?.type == "document.sent")
                #expect(trace.document.sender.name.isEmpty == false)
                #expect(trace.document.signer.fullName.isEmpty == false)
                let statuses = Set(
                    try await SearchTests.search(search.operatorClient, facets: ["status"]).facets
                        .first { $0.field == "status" }?.values.map(\.value) ?? [])
                #expect(
                    statuses.isSuperset(of: ["1", "3", "5", "6"]),
                    "arrived, registered, processing, completed: \(statuses)")

                // The command line: the trace, and a search as the platform auditor.
                let traced = try await vdxp("trace", newest.document.documentID)
                #expect(traced.contains(newest.document.documentID))
                #expect(traced.contains("document.sent"))
                let audited = try await vdxp("search", "ke hoach", "--as", "auditor:inspector")
                #expect(audited.contains("documents"))
                let logged = try await search.operatorClient.search {
                    try await $0.listQueryLog(.with { $0.caller = "auditor inspector" })
                }
                #expect(logged.queries.first?.queryText == "ke hoach")
            }
        }
    }
}
