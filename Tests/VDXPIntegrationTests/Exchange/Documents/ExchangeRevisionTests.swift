import Foundation
import GRPCCore
import PostgresNIO
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPStore

/// Revoke — "thu hồi" (Art. 15.3) — and update / replace — "cập nhật", "thay thế" (Art. 15.4): documents of
/// business type 1, 2 and 3 that name the document they act on.
@Suite("Exchange revoke, update and replace (Art. 15.3–15.4)", .serialized)
struct ExchangeRevisionTests {
    @Test("a revoking document marks every copy revoked, refuses further statuses, and each confirmation flows back")
    func revocation() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "601", to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(original)
            // The recipient receives and registers it; the stranger has not fetched it yet.
            let received = try #require(try await platform.inbox(of: TestPlatform.recipient).first)
            try await platform.acknowledge(received, as: TestPlatform.recipient)
            try await platform.report(.registered, on: original.documentID)

            let revoking = TestPlatform.header(
                number: "602", .revoke, of: original.documentID, reason: "Ban hành sai thẩm quyền",
                to: [TestPlatform.recipient, TestPlatform.stranger])
            let sent = try await platform.sendDocument(revoking)
            #expect(sent.header.businessType == .revoke)
            #expect(sent.version == 1, "a revoking document starts its own lineage")

            let revoked = try await platform.document(original.documentID)
            #expect(revoked.revokedByDocumentID == revoking.documentID)
            #expect(revoked.recipients.map(\.disposition) == [.revoked, .revoked])
            #expect(
                revoked.recipient(TestPlatform.stranger)?.deliveryState == .withdrawn,
                "an unfetched copy leaves the inbox")

            let further = await #expect(throws: RPCError.self) {
                try await platform.report(.assigned, on: original.documentID)
            }
            #expect(further?.code == .failedPrecondition)
            #expect(further?.message.contains("revoked") == true)

            // Each recipient receives the revoking document; acknowledging it confirms nothing yet.
            for member in [TestPlatform.recipient, TestPlatform.stranger] {
                let deliveries = try await platform.receiveAll(as: member)
                #expect(deliveries.map(\.documentID) == [revoking.documentID])
                #expect(
                    try deliveries.first.map {
                        try Vdxp_Exchange_V1_DocumentHeader(serializedBytes: $0.signedDocument.header)
                    }?.relatedDocumentID
                        == original.documentID)
            }
            let acknowledged = try await platform.document(original.documentID)
            #expect(acknowledged.recipients.allSatisfy { !$0.hasRevocationConfirmTime })

            // Each recipient confirms with its own report, naming who handled it (Art. 15.3).
            for member in [TestPlatform.recipient, TestPlatform.stranger] {
                try await platform.confirmRevocation(of: original.documentID, as: member)
            }
            let confirmed = try await platform.document(original.documentID)
            #expect(confirmed.recipients.allSatisfy { $0.hasRevocationConfirmTime })
            #expect(confirmed.recipients.map(\.revocationConfirmHandler) == [TestPlatform.clerk, TestPlatform.clerk])

            let journal = try await platform.journalEventTypes(until: ["document.revoked", "revocation.confirmed"])
            #expect(journal.firstIndex(of: "document.revoked")! < journal.firstIndex(of: "revocation.confirmed")!)
        }
    }

    @Test(
        "a document is revoked from every holder, also one suspended since: its copy is marked revoked at once, and the revoking document's delivery to it fails until it is back (Art. 15.3)"
    )
    func revocationReachesASuspendedHolder() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "605", to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(original)
            for member in [TestPlatform.recipient, TestPlatform.stranger] { try await platform.receiveAll(as: member) }
            try await platform.suspendAtItsRequest(TestPlatform.stranger)
            try await platform.waitForExchangeConfiguration()
            // A new document to the suspended member is refused, as before.
            let refused = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "606", to: [TestPlatform.stranger]))
            }
            #expect(refused?.code == .failedPrecondition)

            let revoking = TestPlatform.header(
                number: "607", .revoke, of: original.documentID, reason: "Ban hành sai thẩm quyền",
                to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(revoking)
            let revoked = try await platform.document(original.documentID)
            #expect(revoked.recipients.map(\.disposition) == [.revoked, .revoked])
            let deliveries = try await platform.receiveAll(as: TestPlatform.recipient)
            #expect(deliveries.map(\.documentID) == [revoking.documentID])
            try await TestMonitoring.eventually("the delivery to the suspended holder fails", within: .seconds(60)) {
                try await platform.document(revoking.documentID).recipient(TestPlatform.stranger)?.deliveryState
                    == .failed
            }
        }
    }

    @Test(
        "a revocation sent twice at once — a retry racing its first attempt — revokes once, and both calls are answered: the second as a duplicate"
    )
    func twinRevocationsRevokeOnce() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "651", to: [TestPlatform.recipient])
            try await platform.sendDocument(original)
            let revoking = TestPlatform.header(number: "652", .revoke, of: original.documentID)
            let messages = try platform.messages(revoking)
            let logger = platform.logger
            // The original's row held: both sends pass the check for a repeat and wait for the row — the race,
            // made certain — until the hold ends.
            let sends = try await platform.database { database in
                try await database.transaction(logger: logger) { connection in
                    _ = try await database.query(
                        "SELECT 1 FROM exchange.documents WHERE document_id = \(original.documentID) FOR UPDATE",
                        on: connection, logger: logger
                    ).collect()
                    let sends = (0..<2).map { _ in Task { try await platform.send(messages) } }
                    try await TestMonitoring.eventually("both sends wait for the original's row", within: .seconds(60))
                    {
                        try await TableText.count(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", on: database) >= 2
                    }
                    return sends
                }
            }
            var answers: [Vdxp_Exchange_V1_SendDocumentResponse] = []
            for send in sends { answers.append(try await send.value) }
            #expect(answers.map(\.document.documentID) == [revoking.documentID, revoking.documentID])
            #expect(answers.filter(\.duplicate).count == 1, "one of the two is the other's duplicate")
            let copy = try await platform.document(original.documentID).recipient(TestPlatform.recipient)
            #expect(copy?.disposition == .revoked)
            #expect(copy?.disposedByDocumentID == revoking.documentID)
        }
    }

    @Test("a revoking document names exactly the recipients holding the original, and a revocation is final")
    func revocationRules() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "611", to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(original)
            let partial = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "612", .revoke, of: original.documentID))
            }
            #expect(partial?.code == .invalidArgument)
            #expect(partial?.message.contains("missing 000.00.00.H29") == true)

            let unknown = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(
                    TestPlatform.header(number: "613", .revoke, of: "000.00.00.G22,2026,999/VPCP-TTĐT"))
            }
            #expect(unknown?.code == .notFound)

            let revoking = TestPlatform.header(
                number: "614", .revoke, of: original.documentID, to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(revoking)
            let twice = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(
                    TestPlatform.header(
                        number: "615", .revoke, of: original.documentID,
                        to: [TestPlatform.recipient, TestPlatform.stranger]))
            }
            #expect(twice?.code == .failedPrecondition)
            let ofRevocation = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(
                    TestPlatform.header(
                        number: "616", .update, of: revoking.documentID, to: [TestPlatform.recipient]))
            }
            #expect(ofRevocation?.code == .failedPrecondition)
        }
    }

    @Test("a document has at most 100 versions: the 101st, an update or a replacement, is FAILED_PRECONDITION")
    func versionsBounded() async throws {
        try await TestPlatform.with { platform in
            var current = TestPlatform.header(number: "4000")
            try await platform.sendDocument(current)
            for number in 4001..<4100 {
                let next = TestPlatform.header(
                    number: "\(number)", number % 2 == 0 ? .update : .replace, of: current.documentID)
                #expect(try await platform.sendDocument(next).version == Int32(number - 3999))
                current = next
            }
            for kind in [Vdxp_Exchange_V1_BusinessType.update, .replace] {
                let refused = await #expect(throws: RPCError.self) {
                    try await platform.sendDocument(TestPlatform.header(number: "4100", kind, of: current.documentID))
                }
                #expect(refused?.code == .failedPrecondition, "\(kind)")
                #expect(refused?.message.contains("100 versions") == true, "\(refused?.message ?? "")")
            }
            #expect(try await platform.document(current.documentID).versions.count == 100)
        }
    }

    @Test("an update is a new version: kept recipients get it, a dropped one is told, GetDocument shows the lineage")
    func update() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "621", to: [TestPlatform.recipient, TestPlatform.stranger])
            try await platform.sendDocument(original)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.receiveAll(as: TestPlatform.stranger)

            let update = TestPlatform.header(number: "622", .update, of: original.documentID, reason: "Bổ sung phụ lục")
            let sent = try await platform.sendDocument(update)
            #expect(sent.version == 2)

            let current = try await platform.document(original.documentID)
            #expect(current.documentID == update.documentID, "GetDocument answers with the current version")
            #expect(current.versions.map(\.documentID) == [original.documentID, update.documentID])
            #expect(current.versions.map(\.businessType) == [.new, .update])
            #expect(current.versions.last?.businessReason == "Bổ sung phụ lục")

            let first = try await platform.document(original.documentID, exactVersion: true)
            #expect(first.supersededByDocumentID == update.documentID)
            #expect(first.recipient(TestPlatform.recipient)?.disposition == .superseded)
            #expect(first.recipient(TestPlatform.stranger)?.disposition == .removed)

            let kept = try await platform.inbox(of: TestPlatform.recipient)
            #expect(kept.map(\.documentID) == [update.documentID])
            #expect(kept.map(\.kind) == [.document])
            let dropped = try await platform.inbox(of: TestPlatform.stranger)
            #expect(dropped.map(\.kind) == [.notice])
            #expect(dropped.first?.notice.type == .removed)
            #expect(dropped.first?.notice.newDocumentID == update.documentID)

            let strangerView = try await platform.document(original.documentID, as: TestPlatform.stranger)
            #expect(strangerView.documentID == original.documentID, "a dropped recipient sees only what it received")
            #expect(strangerView.versions.map(\.documentID) == [original.documentID])
            let hidden = await #expect(throws: RPCError.self) {
                try await platform.document(update.documentID, as: TestPlatform.stranger)
            }
            #expect(hidden?.code == .notFound)

            let old = await #expect(throws: RPCError.self) {
                try await platform.report(.registered, on: original.documentID)
            }
            #expect(old?.code == .failedPrecondition)
            #expect(old?.message.contains("new version") == true)
        }
    }

    @Test("a replace chain of three versions: each acts on the current one, and the history has all three")
    func replaceChain() async throws {
        try await TestPlatform.with { platform in
            let first = TestPlatform.header(number: "631")
            try await platform.sendDocument(first)
            let second = TestPlatform.header(number: "632", .replace, of: first.documentID, reason: "Thay thế lần 1")
            try await platform.sendDocument(second)
            let stale = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "633", .replace, of: first.documentID))
            }
            #expect(stale?.code == .failedPrecondition)
            #expect(stale?.message.contains(second.documentID) == true, "the error names the current version")

            let third = TestPlatform.header(number: "634", .replace, of: second.documentID, reason: "Thay thế lần 2")
            try await platform.sendDocument(third)

            for id in [first.documentID, second.documentID, third.documentID] {
                let current = try await platform.document(id)
                #expect(current.documentID == third.documentID)
                #expect(current.version == 3)
                #expect(current.versions.map(\.version) == [1, 2, 3])
                #expect(current.versions.map(\.businessType) == [.new, .replace, .replace])
            }
            let recipientView = try await platform.document(first.documentID, as: TestPlatform.recipient)
            #expect(recipientView.documentID == third.documentID)
            #expect(recipientView.recipients.count == 1)

            // The recipient had fetched nothing: only the current version is in its inbox.
            #expect(try await platform.inbox(of: TestPlatform.recipient).map(\.documentID) == [third.documentID])
            let journal = try await platform.journalEventTypes(until: ["document.superseded"])
            #expect(journal.contains("document.superseded"))
        }
    }

    @Test("revoking an updated document revokes its current version; the superseded one cannot be revoked")
    func revokeOfUpdated() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "641")
            try await platform.sendDocument(original)
            try await platform.receiveAll(as: TestPlatform.recipient)
            let update = TestPlatform.header(number: "642", .update, of: original.documentID)
            try await platform.sendDocument(update)

            let ofOld = await #expect(throws: RPCError.self) {
                try await platform.sendDocument(TestPlatform.header(number: "643", .revoke, of: original.documentID))
            }
            #expect(ofOld?.code == .failedPrecondition)

            let revoking = TestPlatform.header(number: "644", .revoke, of: update.documentID)
            try await platform.sendDocument(revoking)
            let current = try await platform.document(original.documentID)
            #expect(current.documentID == update.documentID)
            #expect(current.revokedByDocumentID == revoking.documentID)
            #expect(current.recipient(TestPlatform.recipient)?.disposition == .revoked)
        }
    }

    @Test("only a document's sender may revoke, update or replace it")
    func onlyTheSender() async throws {
        try await TestPlatform.with { platform in
            let original = TestPlatform.header(number: "651")
            try await platform.sendDocument(original)
            var foreign = TestPlatform.header(number: "652", from: TestPlatform.recipient, to: [TestPlatform.sender])
            foreign.businessType = .update
            foreign.relatedDocumentID = original.documentID
            foreign.businessReason = "Sửa"
            let refused = await #expect(throws: RPCError.self) {
                try await platform.send(
                    try platform.messages(foreign, signedBy: TestPlatform.recipient), as: TestPlatform.recipient)
            }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.message.contains("related_document_id") == true)
        }
    }
}
