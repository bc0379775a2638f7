import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto

/// A document taken back from a recipient is no longer the recipient's to read, in Search as in Exchange: retracted
/// at once or with its agreement (Art. 15.1), or left out by an UPDATE that kept the document's id (Art. 15.4: Search
/// holds an id's latest version, which was not sent to it).
@Suite("Search: a recipient no longer finds a document taken back from it (Art. 15.1, 15.4)", .timeLimit(.minutes(10)))
struct SearchWithdrawnPartyTests {
    @Test("retracted at once, retracted with consent, or left out by an update under the same id: no longer found")
    func withdrawnRecipientsNoLongerFind() async throws {
        try await TestPlatform.with { platform in
            let recipient = TestPlatform.recipient
            let stranger = TestPlatform.stranger

            let atOnce = TestPlatform.header(number: "121")
            try await platform.sendDocument(atOnce)
            try await platform.retract(atOnce.documentID)

            let agreed = TestPlatform.header(number: "122")
            try await platform.sendDocument(agreed)
            try await platform.receiveAll(as: recipient)
            try await platform.report(.registered, on: agreed.documentID)
            let request = try await platform.retract(agreed.documentID).outcomes.first?.request.requestID
            try await platform.answer(try #require(request), accept: true)

            let kept = TestPlatform.header(number: "123", to: [recipient, stranger])
            try await platform.sendDocument(kept)
            var update = TestPlatform.header(
                number: "123", .update, of: kept.documentID, reason: "Bỏ bớt nơi nhận", to: [stranger])
            update.subject = "Nội dung chỉ gửi nơi nhận còn lại"
            try await platform.sendDocument(update)

            // Sent last: once it is indexed, so is everything before it (the journal is applied in order).
            let untouched = TestPlatform.header(number: "124")
            try await platform.sendDocument(untouched)

            try await platform.withSearch { search in
                try await search.waitForIndex(documents: 4)

                let found = try await SearchTests.search(search.member(recipient))
                #expect(found.hits.map(\.document.documentID) == [untouched.documentID])
                #expect(found.total == 1)
                let bySubject = try await SearchTests.search(search.member(recipient), "noi nhan con lai")
                #expect(bySubject.hits.isEmpty, "the later version's subject was never sent to the recipient")
                for id in [atOnce.documentID, agreed.documentID, kept.documentID] {
                    let client = search.member(recipient)
                    let lookup = await statusCode {
                        _ = try await client.search { try await $0.lookupDocument(.with { $0.documentID = id }) }
                    }
                    #expect(lookup == .notFound, "\(id) is not the recipient's any more")
                    let trace = await statusCode {
                        _ = try await client.search { try await $0.traceDocument(.with { $0.documentID = id }) }
                    }
                    #expect(trace == .notFound)
                }

                let strangers = try await SearchTests.search(search.member(stranger), "noi nhan con lai")
                #expect(strangers.hits.map(\.document.documentID) == [kept.documentID])
                let senders = try await SearchTests.search(search.member(TestPlatform.sender))
                #expect(senders.total == 4, "the sender still finds every document it sent")
            }
        }
    }
}
