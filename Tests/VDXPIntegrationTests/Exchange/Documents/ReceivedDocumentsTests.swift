import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// `ListReceivedDocuments`: a recipient finds again what was addressed to it, after the inbox let it go.
@Suite("Received documents")
struct ReceivedDocumentsTests {
    @Test("a recipient lists what it received, acknowledged or not, newest first, with its own copy only")
    func recipientListsItsDocuments() async throws {
        try await TestPlatform.with { platform in
            let numbers = ["441", "442", "443"]
            for number in numbers {
                _ = try await platform.sendDocument(TestPlatform.header(number: number))
            }
            // The recipient fetches and acknowledges one: it leaves the inbox but stays in the list.
            let inbox = try await platform.inbox(of: TestPlatform.recipient)
            let acknowledged = try #require(
                inbox.first { $0.documentID == TestPlatform.header(number: "442").documentID })
            _ = try await platform.acknowledge(acknowledged, as: TestPlatform.recipient)

            let recipient = platform.member(TestPlatform.recipient)
            let page1 = try await recipient.exchange { try await $0.listReceivedDocuments(.with { $0.pageSize = 2 }) }
            let page2 = try await recipient.exchange {
                try await $0.listReceivedDocuments(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = page1.nextPageToken
                    })
            }
            #expect(page1.documents.count == 2)
            #expect(!page1.nextPageToken.isEmpty)
            #expect(page2.documents.count == 1)
            #expect(page2.nextPageToken.isEmpty)
            let listed = page1.documents + page2.documents
            #expect(
                listed.map(\.documentID) == numbers.reversed().map { TestPlatform.header(number: $0).documentID },
                "newest first")
            for document in listed {
                #expect(!document.hasSignedDocument, "fetched with GetDocument, not listed")
                #expect(document.senderOrganisationID == TestPlatform.sender.organisationID)
                #expect(
                    document.recipients.map(\.recipientOrganisationID) == [TestPlatform.recipient.organisationID],
                    "a recipient sees its own copy, never the other recipients'")
            }
            let acknowledgedCopy = try #require(listed.first { $0.documentID == acknowledged.documentID })
            #expect(acknowledgedCopy.recipients.first?.deliveryState == .acknowledged)
        }
    }

    @Test("the sender's own documents are not in its received list, and a recipient's page token is refused to it")
    func senderSeesNothingOfOthers() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.sendDocument(TestPlatform.header(number: "451"))
            _ = try await platform.sendDocument(TestPlatform.header(number: "452"))
            let sender = platform.member(TestPlatform.sender)
            let own = try await sender.exchange { try await $0.listReceivedDocuments(.init()) }
            #expect(own.documents.isEmpty)
            #expect(own.nextPageToken.isEmpty)

            let recipientPage = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.listReceivedDocuments(.with { $0.pageSize = 1 })
            }
            let borrowed = await #expect(throws: RPCError.self) {
                try await sender.exchange {
                    try await $0.listReceivedDocuments(.with { $0.pageToken = recipientPage.nextPageToken })
                }
            }
            #expect(borrowed?.code == .invalidArgument)
            #expect(HardeningTests.badRequestFields(borrowed) == ["page_token"])
        }
    }

    @Test("a page size outside 0…100 is INVALID_ARGUMENT naming page_size")
    func badPageSize() async throws {
        try await TestPlatform.with { platform in
            for size: Int32 in [-1, 101] {
                let error = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.recipient).exchange {
                        try await $0.listReceivedDocuments(.with { $0.pageSize = size })
                    }
                }
                #expect(error?.code == .invalidArgument)
                #expect(HardeningTests.badRequestFields(error) == ["page_size"])
            }
        }
    }
}
