import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPCore
import VDXPDevelopment
import VDXPProto

@testable import VDXPSearch

/// A page token carries the corrected query of its first page, which reaches PostgreSQL's `to_tsquery`: Search takes
/// back only the form it gives, and answers anything else as a bad page token, not as its own failure.
@Suite("Search: page tokens it did not issue", .serialized, .timeLimit(.minutes(10)))
struct SearchPageTokenTests {
    @Test("the corrected query's form: quoted words, alternatives in parentheses, joined by &")
    func correctedQueryForm() {
        for valid in ["", "('quyet' | 'quyen') & ('dinh')", "('it''s')", "('7816/vpcp-ttdt')", #"('a\\b')"#] {
            #expect(DocumentQueryStore.isCorrectedQuery(valid), "\(valid)")
        }
        for invalid in [
            "abc & (", "('a'):*", "('a' & 'b')", "('a'b')", "()", "('')", "'a'", "('a') &", #"('\')"#, #"('a\')"#,
        ] {
            #expect(!DocumentQueryStore.isCorrectedQuery(invalid), "\(invalid)")
        }
    }

    @Test("a query with 100 sender ids pages like any other: its token stays within the 1,024 characters one may have")
    func largeFilterPages() async throws {
        try await TestPlatform.with { platform in
            _ = try await SearchTests.sendDocuments(platform)
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                let senders =
                    [TestPlatform.sender.organisationID] + (1...99).map { "000.00.\(100 + $0).H\(10 + $0 % 80)" }
                var seen: [String] = []
                var token = ""
                repeat {
                    let page = try await search.operatorClient.search { [token] in
                        try await $0.searchDocuments(
                            .with {
                                $0.filter.senderOrganisationIds = senders
                                $0.pageSize = 1
                                $0.pageToken = token
                            })
                    }
                    #expect(page.nextPageToken.count <= 1024, "\(page.nextPageToken.count) characters")
                    seen += page.hits.map(\.document.documentID)
                    token = page.nextPageToken
                } while !token.isEmpty && seen.count < 10
                #expect(seen.count == 3)
            }
        }
    }

    @Test("a token whose corrected query was edited is INVALID_ARGUMENT naming page_token, not INTERNAL")
    func editedToken() async throws {
        try await TestPlatform.with { platform in
            _ = try await SearchTests.sendDocuments(platform)
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 3)
                let first = try await SearchTests.search(search.operatorClient, "VPCP", pageSize: 1)
                #expect(first.total == 3)
                var cursor = try PageToken<SearchHandlers.SearchCursor>(
                    decoding: first.nextPageToken, scope: SearchHandlers.searchScope
                ).cursor
                cursor.corrected = "abc & ("
                let edited = try PageToken(cursor).encoded(scope: SearchHandlers.searchScope)
                let refused = await #expect(throws: RPCError.self) {
                    try await search.operatorClient.search {
                        try await $0.searchDocuments(
                            .with {
                                $0.text = "VPCP"
                                $0.pageSize = 1
                                $0.pageToken = edited
                            })
                    }
                }
                #expect(refused?.code == .invalidArgument, "\(String(describing: refused))")
                #expect(HardeningTests.badRequestFields(refused) == ["page_token"])
            }
        }
    }
}
