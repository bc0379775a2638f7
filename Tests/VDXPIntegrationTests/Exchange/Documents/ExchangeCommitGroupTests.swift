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
import VDXPTrust

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Commit groups: concurrent sends written in one transaction, each answered for itself (docs/operations.md,
/// "Exchange throughput settings"). The window is long here (100 ms) so that concurrent sends share a group.
@Suite("Exchange commit groups", .serialized)
struct ExchangeCommitGroupTests {
    static let grouped = [
        "VDXP_EXCHANGE_COMMIT_GROUP_WINDOW_MICROSECONDS": "100000", "VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS": "8",
        "VDXP_EXCHANGE_COMMIT_GROUPS": "1",
    ]

    /// Runs `body` for every index below `count` at once; the answer or the error of each, in order.
    private func concurrently<Value: Sendable>(
        _ count: Int, _ body: @escaping @Sendable (Int) async throws -> Value
    ) async -> [Result<Value, any Error>] {
        await withTaskGroup(of: (Int, Result<Value, any Error>).self) { group in
            for index in 0..<count {
                group.addTask {
                    do { return (index, .success(try await body(index))) } catch { return (index, .failure(error)) }
                }
            }
            var results = [Result<Value, any Error>?](repeating: nil, count: count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// Sends every stream at once; the answer or the error of each, in order.
    private func sendConcurrently(
        _ streams: [[Vdxp_Exchange_V1_SendDocumentRequest]], on platform: TestPlatform
    ) async -> [Result<Vdxp_Exchange_V1_SendDocumentResponse, any Error>] {
        await concurrently(streams.count) { try await platform.send(streams[$0]) }
    }

    /// The send times stored for `documentIDs`, by document id.
    private func sendTimes(_ documentIDs: [String], on platform: TestPlatform) async throws -> [String: Date] {
        let client = PostgresClient(
            configuration: try DatabaseURL(platform.databaseURL).clientConfiguration(maximumConnections: 1),
            backgroundLogger: platform.logger)
        return try await withThrowingTaskGroup(of: [String: Date].self) { group in
            group.addTask {
                await client.run()
                return [:]
            }
            defer { group.cancelAll() }
            var times: [String: Date] = [:]
            for try await (id, time) in try await client.query(
                "SELECT document_id, send_time FROM exchange.documents WHERE document_id = ANY(\(documentIDs))"
            ).decode((String, Date).self) {
                times[id] = time
            }
            return times
        }
    }

    @Test("concurrent sends are stored together, each answered with its own document and deliveries")
    func concurrentSendsShareATransaction() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            let headers = (1...6).map { TestPlatform.header(number: "90\($0)") }
            let streams = try headers.map {
                try platform.messages($0, attachments: [("a.pdf", "application/pdf", Data(repeating: 7, count: 3000))])
            }
            let results = await sendConcurrently(streams, on: platform)
            let answers = try results.map { try $0.get() }
            #expect(answers.map(\.document.documentID) == headers.map(\.documentID))
            #expect(answers.allSatisfy { !$0.duplicate && $0.document.recipients.count == 1 })
            #expect(Set(answers.map(\.document.recipients[0].deliveryID)).count == 6)

            let times = try await sendTimes(headers.map(\.documentID), on: platform)
            #expect(times.count == 6, "every document of the group is stored")
            #expect(
                Set(times.values).count < 6,
                "sends within the 100 ms window share a transaction, hence its now() as their send time")
            // Each answer says the send time that was stored.
            for answer in answers {
                #expect(answer.document.sendTime.date == times[answer.document.documentID])
            }
            let fetched = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.init()).deliveries
            }
            #expect(Set(fetched.map(\.documentID)) == Set(headers.map(\.documentID)))
        }
    }

    @Test("a taken id inside a group fails only its own send, with ALREADY_EXISTS")
    func duplicateIDFailsOnlyItself() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            var other = TestPlatform.header(number: "911")
            other.subject = "Một văn bản khác mang cùng số"
            let streams = [
                try platform.messages(TestPlatform.header(number: "911")),
                try platform.messages(other),
                try platform.messages(TestPlatform.header(number: "912")),
            ]
            let results = await sendConcurrently(streams, on: platform)
            let stored = results.prefix(2).filter { (try? $0.get()) != nil }
            #expect(stored.count == 1, "one of the two documents with id 911 is stored")
            let refused = results.prefix(2).compactMap { result -> RPCError? in
                if case .failure(let error) = result { return error as? RPCError }
                return nil
            }
            #expect(refused.map(\.code) == [.alreadyExists])
            #expect(try results[2].get().document.documentID == TestPlatform.header(number: "912").documentID)
        }
    }

    @Test("an identical retry answers the original, whether it shares the group or comes after it")
    func idempotentRetryInsideAndAcrossGroups() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            let messages = try platform.messages(TestPlatform.header(number: "921"))
            let results = await sendConcurrently([messages, messages], on: platform)
            let answers = try results.map { try $0.get() }
            #expect(answers.filter(\.duplicate).count == 1)
            #expect(
                answers[0].document.recipients.map(\.deliveryID) == answers[1].document.recipients.map(\.deliveryID))
            #expect(answers[0].document.sendTime == answers[1].document.sendTime)

            let later = try await platform.send(messages)
            #expect(later.duplicate)
            #expect(later.document.recipients.map(\.deliveryID) == answers[0].document.recipients.map(\.deliveryID))
            let fetched = try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.init()).deliveries
            }
            #expect(fetched.count == 1, "the document is delivered once")
        }
    }

    @Test(
        "a retry that leaves out its attachment chunks is answered with the original, and other bytes under the id with ALREADY_EXISTS — grouped or not (Retrying a send)",
        arguments: [Self.grouped, ["VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS": "0"]])
    func retryWithoutChunks(settings: [String: String]) async throws {
        try await TestPlatform.with(exchangeSettings: settings) { platform in
            let header = TestPlatform.header(number: "925")
            let attachment = [("phu-luc.pdf", "application/pdf", Data("Phụ lục kèm theo".utf8))]
            let messages = try platform.messages(header, attachments: attachment)
            #expect(messages.count == 2, "the document and one chunk")
            let first = try await platform.send(messages)

            let retry = try await platform.send([messages[0]])
            #expect(retry.duplicate)
            #expect(retry.document.recipients.map(\.deliveryID) == first.document.recipients.map(\.deliveryID))

            let signedAgain = try platform.messages(header, attachments: attachment)
            let error = await #expect(throws: RPCError.self) { try await platform.send([signedAgain[0]]) }
            #expect(error?.code == .alreadyExists, "\(String(describing: error))")
        }
    }

    @Test("with commit groups off, every send is written in its own transaction and answered the same way")
    func groupsOff() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS": "0"]) { platform in
            let messages = try platform.messages(TestPlatform.header(number: "931"))
            let first = try await platform.send(messages)
            let again = try await platform.send(messages)
            #expect(!first.duplicate && again.duplicate)
            #expect(first.document.recipients.map(\.deliveryID) == again.document.recipients.map(\.deliveryID))
        }
    }

    @Test("concurrent acknowledgements are each answered; an unknown or repeated one concerns only itself")
    func acknowledgementsInAGroup() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            let headers = (1...4).map { TestPlatform.header(number: "95\($0)") }
            for result in await sendConcurrently(try headers.map { try platform.messages($0) }, on: platform) {
                _ = try result.get()
            }
            let recipient = platform.member(TestPlatform.recipient)
            let deliveries = try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries }
            #expect(deliveries.count == 4)
            let requests = deliveries.map(\.deliveryID) + [deliveries[0].deliveryID, UUID().uuidString.lowercased()]
            let results = try await recipient.exchange { exchange in
                await concurrently(requests.count) { index in
                    try await exchange.acknowledgeDelivery(.with { $0.deliveryID = requests[index] })
                }
            }
            for index in 0..<5 {
                let delivery = try results[index].get()
                #expect(delivery.deliveryID == requests[index])
                #expect(delivery.state == .acknowledged)
            }
            #expect(throws: RPCError.self) { try results[5].get() }
            #expect((results[5].failure as? RPCError)?.code == .notFound)

            // Each acknowledged document shows ARRIVED to its sender, recorded once.
            let sender = platform.member(TestPlatform.sender)
            for header in headers {
                let document = try await sender.exchange {
                    try await $0.getDocument(.with { $0.documentID = header.documentID })
                }
                #expect(document.recipients.map(\.status) == [.arrived])
                #expect(document.recipients.map { $0.history.map(\.status) } == [[.arrived]])
            }
        }
    }

    @Test("concurrent status reports are each answered; a refused one concerns only itself (Art. 14.3)")
    func statusChangesInAGroup() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            let headers = (1...3).map { TestPlatform.header(number: "96\($0)") }
            for result in await sendConcurrently(try headers.map { try platform.messages($0) }, on: platform) {
                _ = try result.get()
            }
            let recipient = platform.member(TestPlatform.recipient)
            for delivery in try await recipient.exchange({ try await $0.fetchInbox(.init()).deliveries }) {
                _ = try await recipient.exchange {
                    try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
                }
            }
            let handler = Vdxp_Exchange_V1_Handler.with {
                $0.fullName = "Nguyễn Văn An"
                $0.unit = "Văn thư"
            }
            let reports: [(documentID: String, status: Vdxp_Exchange_V1_DocumentStatus)] = [
                (headers[0].documentID, .registered),
                (headers[1].documentID, .registered),
                (headers[2].documentID, .processing),  // skips 03 REGISTERED: refused
                ("000.00.00.G22,2026,404/VPCP-TTĐT", .registered),  // no such document: refused
                (headers[0].documentID, .registered),  // the same report twice: one of the two is refused
            ]
            let results = try await recipient.exchange { exchange in
                await concurrently(reports.count) { index in
                    try await exchange.updateDocumentStatus(
                        .with {
                            $0.documentID = reports[index].documentID
                            $0.status = reports[index].status
                            $0.handler = handler
                        })
                }
            }
            #expect(try results[1].get().status == .registered)
            #expect((results[2].failure as? RPCError)?.code == .failedPrecondition)
            #expect((results[3].failure as? RPCError)?.code == .notFound)
            let twice = [results[0], results[4]]
            #expect(twice.count { (try? $0.get())?.status == .registered } == 1)
            #expect(twice.compactMap { ($0.failure as? RPCError)?.code } == [.failedPrecondition])

            // The sender sees each accepted report once, and nothing of the refused ones.
            let sender = platform.member(TestPlatform.sender)
            var histories: [[Vdxp_Exchange_V1_DocumentStatus]] = []
            for header in headers {
                let document = try await sender.exchange {
                    try await $0.getDocument(.with { $0.documentID = header.documentID })
                }
                histories += document.recipients.map { $0.history.map(\.status) }
            }
            #expect(histories == [[.arrived, .registered], [.arrived, .registered], [.arrived]])
        }
    }

    @Test("a subscriber is woken when the group of its document commits")
    func subscriberNotified() async throws {
        try await TestPlatform.with(exchangeSettings: Self.grouped) { platform in
            let header = TestPlatform.header(number: "941", priority: 3)
            let received = try await platform.member(TestPlatform.recipient).exchange { exchange in
                try await exchange.subscribeInbox(.init()) { response -> Vdxp_Exchange_V1_Delivery? in
                    let sender = Task { _ = try await platform.send(try platform.messages(header)) }
                    defer { sender.cancel() }
                    for try await message in response.messages { return message.delivery }
                    return nil
                }
            }
            #expect(received?.documentID == header.documentID)
        }
    }
}
