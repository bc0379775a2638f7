import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// Update keeps the document's number (Art. 15.4): "where a document issued has a minor error of form or needs an
/// appendix attached, the sender performs the Update … every update and replacement is linked to the identifier of
/// the original document and keeps the history (version) of changes". An update is the same act, with the same number
/// and notation, so it is sent under the same document id as its next version.
@Suite("Exchange update under the same document id (Art. 15.4)", .serialized)
struct ExchangeUpdateKeepsNumberTests {
    static let letter = (name: "cong-van-1501.pdf", contentType: "application/pdf", data: Data("Công văn".utf8))
    static let annex = (name: "phu-luc-1501.pdf", contentType: "application/pdf", data: Data("Phụ lục kèm theo".utf8))

    /// Attachment `index` of `documentID` (`version` 0: the latest), as `member` downloads it.
    static func download(
        _ documentID: String, version: Int32 = 0, index: Int32, as member: DevelopmentMember, on platform: TestPlatform
    ) async throws -> Data {
        try await platform.member(member).exchange { exchange in
            try await exchange.downloadAttachment(
                .with {
                    $0.documentID = documentID
                    $0.version = version
                    $0.attachmentIndex = index
                }
            ) { response in
                var bytes = Data()
                for try await chunk in response.messages { bytes.append(chunk.data) }
                return bytes
            }
        }
    }

    @Test("an update with an added annex is version 2 under the same id; the recipient handles it; history kept")
    func updateUnderTheSameID() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "1501")
            let id = original.documentID
            let first = try platform.messages(original, attachments: [Self.letter])
            try await platform.send(first)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.report(.registered, on: id)

            // The same number and notation, an annex added.
            let update = TestPlatform.header(number: "1501", .update, of: id, reason: "Bổ sung phụ lục")
            #expect(update.documentID == id)
            let second = try platform.messages(update, attachments: [Self.letter, Self.annex])
            let sent = try await platform.send(second).document
            #expect(sent.documentID == id)
            #expect(sent.version == 2)
            #expect(sent.versions.map(\.documentID) == [id, id])
            #expect(sent.versions.map(\.version) == [1, 2])

            // GetDocument answers the latest version; version 1 stays readable, superseded by version 2 of the id.
            let latest = try await platform.document(id)
            #expect(latest.version == 2)
            #expect(latest.header.attachments.count == 2)
            let earlier = try await platform.member(TestPlatform.sender).exchange {
                try await $0.getDocument(
                    .with {
                        $0.documentID = id
                        $0.version = 1
                    })
            }
            #expect(earlier.version == 1)
            #expect(earlier.supersededByDocumentID == id)
            #expect(earlier.supersededByVersion == 2)
            #expect(earlier.recipient(TestPlatform.recipient)?.disposition == .superseded)
            #expect(earlier.recipient(TestPlatform.recipient)?.status == .registered, "its history is kept")

            // The recipient receives version 2 under the same id and reports on it.
            let delivered = try await platform.receiveAll(as: TestPlatform.recipient)
            #expect(delivered.map(\.documentID) == [id])
            let carried = try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: delivered[0].signedDocument.header)
            #expect(carried.businessType == .update)
            #expect(carried.attachments.count == 2)
            let reported = try await platform.report(.registered, on: id)
            #expect(reported.deliveryID == latest.recipient(TestPlatform.recipient)?.deliveryID, "on version 2's copy")
            let seen = try await platform.document(id, as: TestPlatform.recipient)
            #expect(seen.version == 2)
            #expect(seen.versions.map(\.version) == [1, 2])

            // Each version keeps its own attachments.
            #expect(try await Self.download(id, index: 1, as: TestPlatform.recipient, on: platform) == Self.annex.data)
            let noAnnex = await #expect(throws: RPCError.self) {
                try await Self.download(id, version: 1, index: 1, as: TestPlatform.recipient, on: platform)
            }
            #expect(noAnnex?.code == .invalidArgument)

            // Listed once per version, newest first.
            let listed = try await platform.member(TestPlatform.sender).exchange {
                try await $0.listSentDocuments(.init()).documents
            }
            #expect(listed.map(\.documentID) == [id, id])
            #expect(listed.map(\.version) == [2, 1])

            let received = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.listReceivedDocuments(.init()).documents
            }
            #expect(received.map(\.documentID) == [id, id])
            #expect(received.map(\.version) == [2, 1])
            #expect(received.map { $0.recipients.first?.disposition } == [.current, .superseded])

            // The journal links both versions of the id (chained within 15 s, or the first read fails).
            let types = try await platform.journalEventTypes(until: ["document.superseded"])
            try #require(types.contains("document.superseded"))
            let superseded = try await platform.service("search", address: platform.exchange).exchange { exchange in
                try await exchange.streamJournal(.init()) { response -> (String, Vdxp_Exchange_V1_JournalEvent)? in
                    for try await entry in response.messages where entry.eventType == "document.superseded" {
                        return (entry.documentID, try Vdxp_Exchange_V1_JournalEvent(serializedBytes: entry.payload))
                    }
                    return nil
                }
            }
            #expect(superseded?.0 == id)
            #expect(superseded?.1.documentSuperseded.newDocumentID == id)
            #expect(superseded?.1.documentSuperseded.previousVersion == 1)
            #expect(superseded?.1.documentSuperseded.newVersion == 2)
        }
    }

    @Test("a retried send of either version is idempotent; other bytes under the id are refused unless an update")
    func idempotencyPerVersion() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "1502")
            let id = original.documentID
            let first = try platform.messages(original)
            try await platform.send(first)
            let second = try platform.messages(
                TestPlatform.header(number: "1502", .update, of: id, reason: "Sửa thể thức"))
            try await platform.send(second)

            let again = try await platform.send(second)
            #expect(again.duplicate)
            #expect(again.document.version == 2)
            let again1 = try await platform.send(first)
            #expect(again1.duplicate)
            #expect(again1.document.version == 1)

            // The same header signed anew is other bytes: only an UPDATE of the id adds a version.
            let resigned = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(original))
            }
            #expect(resigned?.code == .alreadyExists)
            let replacing = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try platform.messages(TestPlatform.header(number: "1502", .replace, of: id, reason: "Thay thế")))
            }
            #expect(replacing?.code == .invalidArgument, "a replacement is a new act with its own number")

            // A third version updates the latest; updating version 1 by its own id would be the latest anyway.
            let third = try await platform.send(
                try platform.messages(TestPlatform.header(number: "1502", .update, of: id, reason: "Sửa lỗi chính tả")))
            #expect(third.document.version == 3)
            #expect(third.document.versions.map(\.version) == [1, 2, 3])
        }
    }

    @Test(
        "an id a replacement took cannot be taken by a new document, nor a new document's by a replacement — grouped or not (Art. 12.1)",
        arguments: [[:], ["VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS": "0"]])
    func oneDocumentPerID(settings: [String: String]) async throws {
        try await TestPlatform.with(exchangeSettings: settings) { platform in
            let original = try await platform.sendDocument(TestPlatform.header(number: "1503"))
            let replacement = try await platform.sendDocument(
                TestPlatform.header(number: "1504", .replace, of: original.documentID, reason: "Thay thế"))
            #expect(replacement.version == 2)

            // A new document under the replacement's id is refused, as any taken id is.
            let taken = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(TestPlatform.header(number: "1504")))
            }
            #expect(taken?.code == .alreadyExists, "\(String(describing: taken))")
            let stored = try await platform.document(replacement.documentID)
            #expect(stored.version == 2)
            #expect(stored.versions.map(\.documentID) == [original.documentID, replacement.documentID])

            // And a replacement under a new document's id.
            let other = try await platform.sendDocument(TestPlatform.header(number: "1505"))
            let clash = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try platform.messages(
                        TestPlatform.header(number: "1505", .replace, of: replacement.documentID, reason: "Thay thế")))
            }
            #expect(clash?.code == .alreadyExists, "\(String(describing: clash))")
            #expect(try await platform.document(other.documentID).version == 1)
        }
    }
}
