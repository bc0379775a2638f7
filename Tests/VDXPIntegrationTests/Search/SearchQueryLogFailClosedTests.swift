import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPStore

/// Every query of the platform's documents is logged with its caller (Art. 5.3: every transaction is logged): a query
/// Search cannot log is not answered, rather than answered unrecorded.
@Suite("Search: a query that cannot be logged is not answered", .timeLimit(.minutes(10)))
struct SearchQueryLogFailClosedTests {
    @Test("while the query log refuses writes, searches, lookups and traces are UNAVAILABLE without results")
    func unloggedQueriesAreRefused() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "131")
            try await platform.sendDocument(header)
            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 1)
                let member = search.member(TestPlatform.recipient)
                #expect(try await SearchTests.search(member).total == 1)

                // The log refuses every new row, as a full disk or a broken table would.
                try await platform.database { database in
                    try await database.query(
                        "ALTER TABLE search.query_log ADD CONSTRAINT vdxp_test_refuse CHECK (false) NOT VALID",
                        logger: platform.logger)
                }
                let calls: [@Sendable () async throws -> Void] = [
                    { _ = try await SearchTests.search(member) },
                    {
                        _ = try await member.search {
                            try await $0.lookupDocument(.with { $0.documentID = header.documentID })
                        }
                    },
                    {
                        _ = try await member.search {
                            try await $0.traceDocument(.with { $0.documentID = header.documentID })
                        }
                    },
                ]
                for call in calls {
                    let refused = await #expect(throws: RPCError.self) { try await call() }
                    #expect(refused?.code == .unavailable)
                    #expect(refused?.message.contains("cannot write its query log") == true)
                }

                try await platform.database { database in
                    try await database.query(
                        "ALTER TABLE search.query_log DROP CONSTRAINT vdxp_test_refuse", logger: platform.logger)
                }
                #expect(try await SearchTests.search(member).total == 1, "answered again once the log takes rows")
            }
        }
    }
}
