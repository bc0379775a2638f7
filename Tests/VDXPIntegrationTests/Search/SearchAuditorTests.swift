import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// Issue 14, "operators and auditors see all": a platform auditor (`auditor:<name>` certificate from the platform CA)
/// reads every document, lookup and trace in Search and the whole platform's figures in Report, is named in the query
/// log, and changes nothing anywhere: the operator's reads of the log and the projections' state, agencies' traffic
/// and Central's registry are refused to it.
@Suite("Search: a platform auditor reads everything and changes nothing", .timeLimit(.minutes(10)))
struct SearchAuditorTests {
    @Test("an auditor finds, looks up and traces every member's documents and is named in the query log")
    func auditorSeesAll() async throws {
        try await TestPlatform.with { platform in
            let ids = try await SearchTests.sendDocuments(platform)
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                let auditor = platform.auditor(search.address)

                let all = try await SearchTests.search(auditor)
                #expect(Set(all.hits.map(\.document.documentID)) == Set(ids), "every member's documents")
                let toStranger = try await SearchTests.search(auditor, "ke hoach dao tao")
                #expect(toStranger.hits.map(\.document.documentID) == [ids[2]])
                let byRecipient = try await SearchTests.search(auditor, facets: ["recipient"]) {
                    $0.recipientOrganisationIds = [TestPlatform.stranger.organisationID]
                }
                #expect(byRecipient.total == 1)
                #expect(byRecipient.facets.first?.values.map(\.value) == [TestPlatform.stranger.organisationID])

                let looked = try await auditor.search { try await $0.lookupDocument(.with { $0.documentID = ids[2] }) }
                #expect(looked.documentID == ids[2])
                let trace = try await auditor.search { try await $0.traceDocument(.with { $0.documentID = ids[0] }) }
                #expect(trace.events.map(\.type) == ["document.sent"])
                #expect(trace.document.recipients.map(\.organisationID) == [TestPlatform.recipient.organisationID])

                let logged = try await search.operatorClient.search {
                    try await $0.listQueryLog(.with { $0.caller = "auditor inspector" })
                }
                #expect(
                    logged.queries.map(\.method)
                        == ["TraceDocument", "LookupDocument", "SearchDocuments", "SearchDocuments", "SearchDocuments"])
                #expect(logged.queries.last?.resultCount == 3)

                let log = await #expect(throws: RPCError.self) {
                    try await auditor.search { try await $0.listQueryLog(.init()) }
                }
                #expect(log?.code == .permissionDenied)
                let status = await #expect(throws: RPCError.self) {
                    try await auditor.search { try await $0.getIndexStatus(.init()) }
                }
                #expect(status?.code == .permissionDenied)
            }
        }
    }

    @Test("an auditor reads the whole platform's figures in Report but not the projection's state")
    func auditorReadsFigures() async throws {
        try await TestPlatform.with { platform in
            _ = try await SearchTests.sendDocuments(platform)
            try await platform.withReport { report in
                try await report.caughtUp()
                let auditor = platform.auditor(report.address)
                let figures = try await ReportFiguresTests.summary(auditor)
                #expect(figures.documentsSent == 3, "every member's documents, as the operator counts them")
                let error = await #expect(throws: RPCError.self) {
                    try await auditor.report { try await $0.getReportStatus(.init()) }
                }
                #expect(error?.code == .permissionDenied)
            }
        }
    }

    @Test("an auditor sends nothing, registers nothing and may not read agencies' inboxes")
    func auditorChangesNothing() async throws {
        try await TestPlatform.with { platform in
            let atExchange = platform.auditor(platform.exchange)
            let inbox = await #expect(throws: RPCError.self) {
                try await atExchange.exchange { try await $0.fetchInbox(.init()) }
            }
            #expect(inbox?.code == .permissionDenied)
            #expect(inbox?.message.contains("a member system") == true, "\(inbox?.message ?? "")")

            let atCentral = platform.auditor(platform.central)
            let create = await #expect(throws: RPCError.self) {
                try await atCentral.central {
                    try await $0.createMember(
                        .with {
                            $0.member.organisationID = "000.00.99.H99"
                            $0.member.displayName = "Sở Kiểm thử"
                        })
                }
            }
            #expect(create?.code == .permissionDenied)
            #expect(create?.message.contains("operator") == true, "\(create?.message ?? "")")
            // What every authenticated caller may read stays readable.
            let configuration = try await atCentral.central { try await $0.getGlobalConfiguration(.init()) }
            #expect(!configuration.configuration.isEmpty)
        }
    }
}
