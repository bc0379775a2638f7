import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

@testable import VDXPExchange

/// Retract — "lấy lại" (Art. 15.1): free while the recipient has not registered the document (no 03 yet); after
/// that only with the recipient's consent (13 → 15 or 16), each answer paired with its request.
@Suite("Exchange retract (Art. 15.1)", .serialized)
struct ExchangeRetractTests {
    @Test("a document the recipient has not fetched is retracted at once and disappears from its inbox")
    func unfetchedIsRetractedAtOnce() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "501")
            try await platform.sendDocument(header)
            let response = try await platform.retract(header.documentID)
            #expect(response.outcomes.map(\.result) == [.retracted])
            #expect(try await platform.inbox(of: TestPlatform.recipient).isEmpty)

            let state = try #require(try await platform.document(header.documentID).recipient(TestPlatform.recipient))
            #expect(state.disposition == .retracted)
            #expect(state.dispositionReason == "Gửi nhầm nơi nhận")
            #expect(state.deliveryState == .withdrawn)
            // Not 15 "agreed to retract": the recipient agreed to nothing, so no status is recorded.
            #expect(state.status == .unspecified)
            #expect(state.history.isEmpty)
        }
    }

    @Test("once retracted, the document is no longer the recipient's to read; the sender's view stays whole")
    func retractedContentIsWithheld() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "507")
            let attachment = ("du-thao.pdf", "application/pdf", Data("Dự thảo gửi nhầm".utf8))
            try await platform.send(try platform.messages(header, attachments: [attachment]))
            let before = try await platform.document(header.documentID, as: TestPlatform.recipient)
            #expect(!before.contentWithheld && before.hasSignedDocument && before.header.subject == header.subject)
            #expect(try await self.download(header.documentID, from: platform) == attachment.2)

            try await platform.retract(header.documentID)

            let seen = try await platform.document(header.documentID, as: TestPlatform.recipient)
            #expect(seen.contentWithheld)
            #expect(!seen.hasSignedDocument)
            #expect(seen.header.documentID == header.documentID && seen.header.code == header.code)
            #expect(seen.header.sender.organisationID == header.sender.organisationID)
            #expect(seen.header.subject.isEmpty && seen.header.content.isEmpty && seen.header.attachments.isEmpty)
            #expect(!seen.header.hasSigner)
            #expect(seen.recipients.first?.disposition == .retracted)
            #expect(seen.recipients.first?.dispositionReason == "Gửi nhầm nơi nhận")

            let listed = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.listReceivedDocuments(.with { $0.pageSize = 10 }).documents
            }
            #expect(listed.map(\.documentID) == [header.documentID], "it stays listed, with its state")
            #expect(listed.first?.contentWithheld == true && listed.first?.header.subject.isEmpty == true)

            let refused = await #expect(throws: RPCError.self) {
                _ = try await self.download(header.documentID, from: platform)
            }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("took document \(header.documentID) back from you") == true)
            #expect(refused?.message.contains("Gửi nhầm nơi nhận") == true)

            let sender = try await platform.document(header.documentID)
            #expect(!sender.contentWithheld && sender.hasSignedDocument && sender.header.subject == header.subject)
        }
    }

    @Test("a document acknowledged but not registered is retracted at once, and the recipient is told")
    func acknowledgedIsRetractedWithNotice() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "502")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            let response = try await platform.retract(header.documentID, from: [TestPlatform.recipient])
            #expect(response.outcomes.first?.result == .retracted)
            #expect(response.outcomes.first?.recipient.disposition == .retracted)
            #expect(response.outcomes.first?.recipient.status == .arrived, "a retract at once records no status")
            #expect(response.outcomes.first?.recipient.history.map(\.status) == [.arrived])

            let notices = try await platform.inbox(of: TestPlatform.recipient)
            #expect(notices.map(\.kind) == [.notice])
            #expect(notices.first?.notice.type == .retracted)
            #expect(notices.first?.documentID == header.documentID)
            #expect(notices.first?.hasSignedDocument == false)

            let late = await #expect(throws: RPCError.self) {
                try await platform.report(.registered, on: header.documentID)
            }
            #expect(late?.code == .failedPrecondition)
            #expect(late?.message.contains("retracted") == true)
        }
    }

    @Test("after registration (03) a retract is a request: refused (16), then a second one accepted (15)")
    func registeredNeedsConsent() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "503")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.report(.registered, on: header.documentID)

            let first = try await platform.retract(header.documentID)
            #expect(first.outcomes.first?.result == .requested)
            let firstID = try #require(first.outcomes.first?.request.requestID)
            #expect(first.outcomes.first?.request.state == .open)
            #expect(
                first.outcomes.first?.recipient.disposition == .current, "nothing changes until the recipient answers")

            let notice = try #require(try await platform.inbox(of: TestPlatform.recipient).first)
            #expect(notice.notice.type == .retractRequested)
            #expect(notice.notice.retractRequestID == firstID)
            try await platform.acknowledge(notice, as: TestPlatform.recipient)

            let twice = await #expect(throws: RPCError.self) {
                try await platform.retract(header.documentID, from: [TestPlatform.recipient])
            }
            #expect(twice?.code == .failedPrecondition, "one open request per recipient")

            let refused = try await platform.answer(firstID, accept: false, reason: "Văn bản đang được xử lý")
            #expect(refused.disposition == .current)
            #expect(refused.status == .registered, "a refusal leaves the recipient's status as it was")
            try await platform.report(.assigned, on: header.documentID)

            let again = await #expect(throws: RPCError.self) { try await platform.answer(firstID, accept: true) }
            #expect(again?.code == .failedPrecondition, "each request is answered once")

            let second = try await platform.retract(header.documentID)
            let secondID = try #require(second.outcomes.first?.request.requestID)
            #expect(secondID != firstID)
            let accepted = try await platform.answer(secondID, accept: true)
            #expect(accepted.disposition == .retracted)
            #expect(accepted.status == .retractAccepted)

            let sender = try #require(try await platform.document(header.documentID).recipient(TestPlatform.recipient))
            let retractSteps = sender.history.filter {
                [.retractRequested, .retractAccepted, .retractRefused].contains($0.status)
            }
            #expect(
                retractSteps.map(\.status) == [.retractRequested, .retractRefused, .retractRequested, .retractAccepted])
            #expect(retractSteps.map(\.retractRequestID) == [firstID, firstID, secondID, secondID])
            #expect(retractSteps[1].comment == "Văn bản đang được xử lý")
            #expect(retractSteps[3].handler.fullName == TestPlatform.clerk.fullName)
            #expect(sender.retractRequests.map(\.state) == [.refused, .accepted])

            let journal = try await platform.journalEventTypes(
                until: ["retract.requested", "retract.answered", "document.retracted"])
            #expect(journal.filter { $0 == "retract.answered" }.count == 2)
        }
    }

    @Test("a copy is asked at most 5 times: after 5 refusals a sixth request is FAILED_PRECONDITION and adds nothing")
    func askedAtMostFiveTimes() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "506")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.report(.registered, on: header.documentID)
            for _ in 0..<ExchangeHandlers.maximumRetractRequestsPerCopy {
                let requestID = try #require(
                    try await platform.retract(header.documentID).outcomes.first?.request.requestID)
                try await platform.answer(requestID, accept: false, reason: "Văn bản đang được xử lý")
            }
            let sixth = await #expect(throws: RPCError.self) {
                try await platform.retract(header.documentID, from: [TestPlatform.recipient])
            }
            #expect(sixth?.code == .failedPrecondition)
            #expect(sixth?.message.contains("refused 5 retract requests") == true, "\(sixth?.message ?? "")")
            let unnamed = await #expect(throws: RPCError.self) { try await platform.retract(header.documentID) }
            #expect(unnamed?.code == .failedPrecondition, "nothing left to retract")
            let copy = try await platform.document(header.documentID).recipient(TestPlatform.recipient)
            #expect(copy?.retractRequests.count == 5)
            #expect(copy?.disposition == .current)
        }
    }

    @Test("refusing needs a reason, and only the recipient it was sent to may answer")
    func answersAreTheRecipients() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "504")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            try await platform.report(.registered, on: header.documentID)
            let requestID = try #require(
                try await platform.retract(header.documentID).outcomes.first?.request.requestID)

            let noReason = await #expect(throws: RPCError.self) { try await platform.answer(requestID, accept: false) }
            #expect(noReason?.code == .invalidArgument)
            for other in [TestPlatform.sender, TestPlatform.stranger] {
                let refused = await #expect(throws: RPCError.self) {
                    try await platform.answer(requestID, accept: true, as: other)
                }
                #expect(refused?.code == .notFound)
            }
        }
    }

    @Test(
        "a status that happened before a retract request may be reported after it: the request (13) is not a step of the recipient's handling"
    )
    func statusBeforeTheRequestReportedAfter() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "504")
            try await platform.sendDocument(header)
            try await platform.receiveAll(as: TestPlatform.recipient)
            let registered = try await platform.report(.registered, on: header.documentID)
            let registrationTime = try #require(registered.history.last?.statusTime.date)
            try await Task.sleep(for: .seconds(3))
            let request = try await platform.retract(header.documentID)
            #expect(request.outcomes.first?.result == .requested)
            // Assigned a second after registration, before the request, reported now.
            let assigned = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.updateDocumentStatus(
                    .with {
                        $0.documentID = header.documentID
                        $0.status = .assigned
                        $0.handler = TestPlatform.clerk
                        $0.statusTime = .init(date: registrationTime.addingTimeInterval(1))
                    })
            }
            #expect(assigned.status == .assigned)
            // Still in order among the handling statuses themselves.
            let early = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.updateDocumentStatus(
                        .with {
                            $0.documentID = header.documentID
                            $0.status = .processing
                            $0.handler = TestPlatform.clerk
                            $0.statusTime = .init(date: registrationTime.addingTimeInterval(-60))
                        })
                }
            }
            #expect(early?.code == .invalidArgument)
        }
    }

    @Test("only the sender may retract, and a rejected copy cannot be retracted")
    func onlyTheSenderRetracts() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "505")
            try await platform.sendDocument(header)
            let asRecipient = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.retractDocument(
                        .with {
                            $0.documentID = header.documentID
                            $0.reason = "x"
                        })
                }
            }
            #expect(asRecipient?.code == .permissionDenied)
            let asStranger = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.stranger).exchange {
                    try await $0.retractDocument(
                        .with {
                            $0.documentID = header.documentID
                            $0.reason = "x"
                        })
                }
            }
            #expect(asStranger?.code == .notFound)
            let noReason = await #expect(throws: RPCError.self) {
                try await platform.retract(header.documentID, reason: "")
            }
            #expect(noReason?.code == .invalidArgument)

            try await platform.receiveAll(as: TestPlatform.recipient)
            _ = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.rejectDocument(
                    .with {
                        $0.documentID = header.documentID
                        $0.reason = "Không thuộc thẩm quyền"
                        $0.handler = TestPlatform.clerk
                    })
            }
            let rejected = await #expect(throws: RPCError.self) { try await platform.retract(header.documentID) }
            #expect(rejected?.code == .failedPrecondition)
        }
    }

    /// The bytes of the document's first attachment, downloaded by the recipient.
    private func download(_ documentID: String, from platform: TestPlatform) async throws -> Data {
        try await platform.member(TestPlatform.recipient).exchange { exchange in
            try await exchange.downloadAttachment(
                .with {
                    $0.documentID = documentID
                    $0.attachmentIndex = 0
                }
            ) { response in
                var bytes = Data()
                for try await chunk in response.messages { bytes.append(chunk.data) }
                return bytes
            }
        }
    }
}
