import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

@testable import VDXPExchange

/// Delivery (leases, priorities, subscription), the sender's view (list, watch) and rejection (Art. 13–15.2).
@Suite("Exchange delivery and following", .serialized)
struct ExchangeDeliveryTests {
    @Test("higher priorities are delivered first, then older documents")
    func priorityOrder() async throws {
        try await TestPlatform.with { platform in
            for (number, priority) in [("301", Int32(0)), ("302", 3), ("303", 1), ("304", 3)] {
                _ = try await platform.send(
                    try platform.messages(TestPlatform.header(number: number, priority: priority)))
            }
            let deliveries = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.init()).deliveries
            }
            #expect(deliveries.map(\.priority) == [3, 3, 1, 0])
            #expect(
                deliveries.map { $0.documentID.components(separatedBy: ",").last! }
                    == ["302/VPCP-TTĐT", "304/VPCP-TTĐT", "303/VPCP-TTĐT", "301/VPCP-TTĐT"])
            let again = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.init()).deliveries
            }
            #expect(again.isEmpty, "leased deliveries are not handed out twice while the lease runs")
        }
    }

    /// A gRPC client receives at most 4 MiB by default: a hundred documents to many recipients pass that, and an
    /// answer too large to be received still counted an attempt on every entry, until they FAILED.
    @Test(
        "FetchInbox answers as many entries as fit in VDXP_EXCHANGE_RESPONSE_BYTES, at least one; the rest stay in the inbox, their attempt not counted"
    )
    func fetchWithinByteBudget() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_RESPONSE_BYTES": "1024"]) { platform in
            for number in ["311", "312", "313"] {
                _ = try await platform.send(try platform.messages(TestPlatform.header(number: number)))
            }
            var fetched: [Vdxp_Exchange_V1_Delivery] = []
            for _ in 0..<3 {
                let page = try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.fetchInbox(.with { $0.maxDeliveries = 100 }).deliveries
                }
                #expect(page.count == 1, "each entry is over the 1 KB budget: one per answer")
                fetched += page
            }
            #expect(Set(fetched.map(\.documentID)).count == 3, "every entry, once")
            #expect(fetched.map(\.attempt) == [1, 1, 1], "an entry given back did not count an attempt")
            let none = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.with { $0.maxDeliveries = 100 }).deliveries
            }
            #expect(none.isEmpty)

            // The sender's list stops each page at the budget too; its tokens go on where it stopped.
            var listed: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let request = Vdxp_Exchange_V1_ListSentDocumentsRequest.with {
                    $0.pageSize = 100
                    $0.pageToken = token
                }
                let page = try await platform.member(TestPlatform.sender).exchange {
                    try await $0.listSentDocuments(request)
                }
                listed += page.documents.map(\.header.documentID)
                token = page.nextPageToken
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(pages == 3 || pages == 4, "a document a page (and perhaps an empty last page)")
            #expect(listed.count == 3 && Set(listed).count == 3, "\(listed)")
        }
    }

    @Test("an unacknowledged delivery comes back when its lease expires")
    func leaseExpiryRedelivers() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.send(try platform.messages(TestPlatform.header(number: "311")))
            let recipient = platform.member(TestPlatform.recipient)
            let first = try await recipient.exchange {
                try await $0.fetchInbox(.with { $0.leaseDuration = .with { $0.seconds = 10 } }).deliveries
            }
            #expect(first.map(\.attempt) == [1])
            let tooShort = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.fetchInbox(.with { $0.leaseDuration = .with { $0.seconds = 1 } })
                }
            }
            #expect(tooShort?.code == .invalidArgument)
            try await Task.sleep(for: .seconds(10.5))
            let second = try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries }
            #expect(second.map(\.deliveryID) == first.map(\.deliveryID))
            #expect(second.map(\.attempt) == [2])
        }
    }

    /// A subscription leases 50 entries at a time; it keeps and reads only as many as fit in
    /// `VDXP_EXCHANGE_RESPONSE_BYTES` (a lease of fifty 1 MiB headers held fifty of them in memory at once) and gives
    /// the rest back in the lease's transaction, then leases again at once rather than after its idle wait.
    @Test(
        "SubscribeInbox streams a lease cut at VDXP_EXCHANGE_RESPONSE_BYTES in rounds, each entry once, its attempt counted once, without waiting between rounds"
    )
    func subscriptionWithinByteBudget() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_RESPONSE_BYTES": "1024"]) { platform in
            let numbers = ["341", "342", "343"]
            for number in numbers {
                _ = try await platform.send(try platform.messages(TestPlatform.header(number: number)))
            }
            let start = ContinuousClock.now
            let streamed = try await platform.member(TestPlatform.recipient).exchange { exchange in
                try await exchange.subscribeInbox(.init()) { response in
                    var deliveries: [Vdxp_Exchange_V1_Delivery] = []
                    for try await message in response.messages {
                        deliveries.append(message.delivery)
                        if deliveries.count == numbers.count { break }
                    }
                    return deliveries
                }
            }
            #expect(Set(streamed.map(\.documentID)).count == numbers.count, "every entry, once")
            #expect(streamed.map(\.attempt) == [1, 1, 1], "an entry given back did not count an attempt")
            #expect(
                ContinuousClock.now - start < ExchangeHandlers.subscriptionIdleWait,
                "a cut lease is followed by the next at once, not after the idle wait")
        }
    }

    @Test("a subscriber receives a document as soon as it is committed")
    func subscriptionDelivers() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "321", priority: 3)
            let received = try await platform.member(TestPlatform.recipient).exchange { exchange in
                try await exchange.subscribeInbox(.init()) { response -> Vdxp_Exchange_V1_Delivery? in
                    let sender = Task { _ = try await platform.send(try platform.messages(header)) }
                    defer { sender.cancel() }
                    for try await message in response.messages { return message.delivery }
                    return nil
                }
            }
            #expect(received?.documentID == header.documentID)
            #expect(received?.state == .leased)
        }
    }

    @Test("the sender lists its documents newest first, page by page, and watches statuses arrive")
    func listAndWatch() async throws {
        try await TestPlatform.with { platform in
            for number in ["331", "332", "333"] {
                _ = try await platform.send(try platform.messages(TestPlatform.header(number: number)))
            }
            let sender = platform.member(TestPlatform.sender)
            let page1 = try await sender.exchange { try await $0.listSentDocuments(.with { $0.pageSize = 2 }) }
            #expect(page1.documents.count == 2)
            #expect(page1.documents.allSatisfy { !$0.hasSignedDocument })
            let page2 = try await sender.exchange {
                try await $0.listSentDocuments(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = page1.nextPageToken
                    })
            }
            #expect(page2.documents.count == 1)
            #expect(page2.nextPageToken.isEmpty)
            let all = (page1.documents + page2.documents).map(\.documentID)
            #expect(Set(all).count == 3)
            let badToken = await #expect(throws: RPCError.self) {
                try await sender.exchange { try await $0.listSentDocuments(.with { $0.pageToken = "not-a-token" }) }
            }
            #expect(badToken?.code == .invalidArgument)

            let documentID = TestPlatform.header(number: "333").documentID
            let recipient = platform.member(TestPlatform.recipient)
            let statuses = try await sender.exchange { exchange in
                try await exchange.watchDocumentStatus(.with { $0.documentID = documentID }) { response in
                    var seen: [Vdxp_Exchange_V1_DocumentStatus] = []
                    var acted = false
                    for try await event in response.messages {
                        seen.append(event.recipient.status)
                        if !acted {
                            acted = true
                            let deliveries = try await recipient.exchange {
                                try await $0.fetchInbox(.init()).deliveries
                            }
                            for delivery in deliveries {
                                _ = try await recipient.exchange {
                                    try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
                                }
                            }
                            _ = try await recipient.exchange {
                                try await $0.rejectDocument(
                                    .with {
                                        $0.documentID = documentID
                                        $0.reason = "Không thuộc thẩm quyền giải quyết"
                                        $0.handler = .with {
                                            $0.fullName = "Lê Thị Hoa"
                                            $0.unit = "Văn thư"
                                        }
                                    })
                            }
                        }
                    }
                    return seen
                }
            }
            #expect(statuses.first == .unspecified)
            #expect(statuses.last == .rejected, "the stream ends once every recipient reached a final status")
            let seen = try await sender.exchange { try await $0.getDocument(.with { $0.documentID = documentID }) }
            #expect(seen.recipients.first?.history.last?.comment == "Không thuộc thẩm quyền giải quyết")
        }
    }

    @Test("a rejection needs a reason and is possible only before registration")
    func rejectionRules() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "341")
            _ = try await platform.send(try platform.messages(header))
            let recipient = platform.member(TestPlatform.recipient)
            let handler = Vdxp_Exchange_V1_Handler.with {
                $0.fullName = "Lê Thị Hoa"
                $0.unit = "Văn thư"
            }
            let beforeAck = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.rejectDocument(
                        .with {
                            $0.documentID = header.documentID
                            $0.reason = "x"
                            $0.handler = handler
                        })
                }
            }
            #expect(beforeAck?.code == .failedPrecondition)
            let delivery = try #require(
                try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries.first })
            _ = try await recipient.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            let noReason = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.rejectDocument(
                        .with {
                            $0.documentID = header.documentID
                            $0.reason = "  "
                            $0.handler = handler
                        })
                }
            }
            #expect(noReason?.code == .invalidArgument)
            #expect(noReason?.message.contains("reason") == true)
            _ = try await recipient.exchange {
                try await $0.updateDocumentStatus(
                    .with {
                        $0.documentID = header.documentID
                        $0.status = .registered
                        $0.handler = handler
                    })
            }
            let afterRegistration = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.rejectDocument(
                        .with {
                            $0.documentID = header.documentID
                            $0.reason = "muộn"
                            $0.handler = handler
                        })
                }
            }
            #expect(afterRegistration?.code == .failedPrecondition)
        }
    }

    @Test("bad headers are refused with the field named, and recipients must be active members")
    func headerRulesAtTheEdge() async throws {
        try await TestPlatform.with { platform in
            var long = TestPlatform.header(number: "351")
            long.subject = String(repeating: "ă", count: 501)
            let tooLong = await #expect(throws: RPCError.self) { try await platform.send(try platform.messages(long)) }
            #expect(tooLong?.code == .invalidArgument)
            #expect(tooLong?.message.contains("subject") == true)

            var twice = TestPlatform.header(number: "352", to: [TestPlatform.recipient, TestPlatform.recipient])
            twice.subject = "Gửi trùng"
            let duplicate = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(twice))
            }
            #expect(duplicate?.code == .invalidArgument)

            var unknown = TestPlatform.header(number: "353")
            unknown.recipients = [
                .with {
                    $0.organisationID = "000.00.00.H99"
                    $0.name = "Không tồn tại"
                }
            ]
            let notMember = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(unknown))
            }
            #expect(notMember?.code == .failedPrecondition)

            var forged = TestPlatform.header(number: "354", from: TestPlatform.recipient, to: [TestPlatform.stranger])
            forged.subject = "Giả danh"
            let impersonation = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(forged, signedBy: TestPlatform.recipient))
            }
            #expect(impersonation?.code == .invalidArgument, "the sender is the mTLS identity, not a header field")
        }
    }

    @Test("every Exchange RPC refuses callers it is not for")
    func everyRPCRefusesStrangers() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "361")
            _ = try await platform.send(try platform.messages(header))
            let id = header.documentID
            let delivery = try #require(
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.fetchInbox(.init()).deliveries.first
                })
            // A registered copy, so that a retract request exists.
            let registered = TestPlatform.header(number: "362")
            try await platform.sendDocument(registered)
            for item in try await platform.inbox(of: TestPlatform.recipient) {
                try await platform.acknowledge(item, as: TestPlatform.recipient)
            }
            try await platform.report(.registered, on: registered.documentID)
            let requestID = try #require(
                try await platform.retract(registered.documentID).outcomes.first?.request.requestID)
            typealias Call =
                @Sendable (Vdxp_Exchange_V1_ExchangeService.Client<HTTP2ClientTransport.Posix>) async throws -> Void
            let memberCalls: [(String, Call)] = [
                ("GetDocument", { _ = try await $0.getDocument(.with { $0.documentID = id }) }),
                (
                    "DownloadAttachment",
                    {
                        try await $0.downloadAttachment(.with { $0.documentID = id }) {
                            for try await _ in $0.messages {}
                        }
                    }
                ),
                (
                    "AcknowledgeDelivery",
                    { _ = try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID }) }
                ),
                (
                    "UpdateDocumentStatus",
                    {
                        _ = try await $0.updateDocumentStatus(
                            .with {
                                $0.documentID = id
                                $0.status = .registered
                                $0.handler = .with {
                                    $0.fullName = "A"
                                    $0.unit = "B"
                                }
                            })
                    }
                ),
                (
                    "RejectDocument",
                    {
                        _ = try await $0.rejectDocument(
                            .with {
                                $0.documentID = id
                                $0.reason = "x"
                                $0.handler = .with {
                                    $0.fullName = "A"
                                    $0.unit = "B"
                                }
                            })
                    }
                ),
                (
                    "WatchDocumentStatus",
                    {
                        try await $0.watchDocumentStatus(.with { $0.documentID = id }) {
                            for try await _ in $0.messages {}
                        }
                    }
                ),
                (
                    "RetractDocument",
                    {
                        _ = try await $0.retractDocument(
                            .with {
                                $0.documentID = id
                                $0.reason = "x"
                            })
                    }
                ),
                (
                    "AnswerRetractRequest",
                    {
                        _ = try await $0.answerRetractRequest(
                            .with {
                                $0.requestID = requestID
                                $0.accept = true
                                $0.handler = .with {
                                    $0.fullName = "A"
                                    $0.unit = "B"
                                }
                            })
                    }
                ),
                (
                    "ConfirmRevocation",
                    {
                        _ = try await $0.confirmRevocation(
                            .with {
                                $0.documentID = id
                                $0.handler = .with {
                                    $0.fullName = "A"
                                    $0.unit = "B"
                                }
                            })
                    }
                ),
                ("RetryDelivery", { _ = try await $0.retryDelivery(.with { $0.deliveryID = delivery.deliveryID }) }),
            ]
            // A member that neither sent nor received the document learns nothing about it.
            for (method, call) in memberCalls {
                let error = await #expect(throws: RPCError.self, "\(method) by a stranger") {
                    try await platform.member(TestPlatform.stranger).exchange { try await call($0) }
                }
                #expect(error?.code == .notFound, "\(method)")
            }
            // The recipient may not watch the sender's document; only its sender may.
            let watchByRecipient = await #expect(throws: RPCError.self) {
                let watch = memberCalls[5].1
                try await platform.member(TestPlatform.recipient).exchange { try await watch($0) }
            }
            #expect(watchByRecipient?.code == .notFound)
            // A stranger's own views hold nothing of others.
            let strangerSent = try await platform.member(TestPlatform.stranger).exchange {
                try await $0.listSentDocuments(.init())
            }
            #expect(strangerSent.documents.isEmpty)
            // Platform identities are not members: every member RPC refuses them, and the journal refuses members.
            let moreCalls: [(String, Call)] = [
                (
                    "SendDocument",
                    { @Sendable client in
                        let empty = StreamingClientRequest<Vdxp_Exchange_V1_SendDocumentRequest> { @Sendable _ in }
                        _ = try await client.sendDocument(request: empty) { try $0.message }
                    }
                ),
                ("FetchInbox", { _ = try await $0.fetchInbox(.init()) }),
                ("SubscribeInbox", { try await $0.subscribeInbox(.init()) { for try await _ in $0.messages {} } }),
                ("ListSentDocuments", { _ = try await $0.listSentDocuments(.init()) }),
                ("ListFailedDeliveries", { _ = try await $0.listFailedDeliveries(.init()) }),
            ]
            let allMemberCalls = memberCalls + moreCalls
            let operatorClient = PlatformClient(
                address: platform.exchange, certificatePath: platform.pki.operators["admin"]!.certificate,
                keyPath: platform.pki.operators["admin"]!.key, platformCAPath: platform.pki.platformCA)
            for identity in [platform.service("search", address: platform.exchange), operatorClient] {
                for (method, call) in allMemberCalls {
                    let error = await #expect(throws: RPCError.self, "\(method) by a platform identity") {
                        try await identity.exchange { try await call($0) }
                    }
                    #expect(error?.code == .permissionDenied, "\(method)")
                }
                if identity.certificatePath == operatorClient.certificatePath {
                    // The operator audits the journal (Art. 5.3): it reads it up to the head, and the stream ends.
                    let read = try await identity.exchange {
                        try await $0.streamJournal(.with { $0.untilHead = true }) { response in
                            var count = 0
                            for try await _ in response.messages { count += 1 }
                            return count
                        }
                    }
                    #expect(read > 0, "the operator reads the journal")
                }
            }
            let memberJournal = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.streamJournal(.with { $0.untilHead = true }) { for try await _ in $0.messages {} }
                }
            }
            #expect(memberJournal?.code == .permissionDenied, "a member never reads the platform's journal")
        }
    }
}
