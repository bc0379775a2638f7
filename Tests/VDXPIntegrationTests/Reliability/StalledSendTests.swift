import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto

/// A document with more than 1 MiB of attachments is written while its chunks stream in, in a transaction that holds
/// a pooled database connection: members that start such sends and then stop sending must never hold the connections
/// every other member needs (the hardening of issue 1: no caller stops Exchange for the others).
@Suite("Exchange: sends that stall half-way through a large document", .serialized, .timeLimit(.minutes(10)))
struct StalledSendTests {
    /// Exchange's pool here; half of it, 4, are slots for streamed sends (`VDXP_EXCHANGE_STREAMED_SENDS`' default).
    static let connections = 8
    /// More stalled senders than the pool has connections: without the slots they would hold all of it.
    static let stalledSenders = 10
    /// How long a streamed send may wait for its next message (`VDXP_EXCHANGE_CHUNK_WAIT_SECONDS`): long enough that
    /// the sends streamed without pause at the end are not abandoned on a machine the whole suite loads (12 s was
    /// exceeded once there, the test taking 200 s instead of 23).
    static let wait = 20

    @Test(
        "ten senders that stall after the first chunk of a large document take four slots (the rest refused RESOURCE_EXHAUSTED at once), other members' calls go through, each stalled send is abandoned with DEADLINE_EXCEEDED storing nothing, and then a large send is stored"
    )
    func stalledLargeSends() async throws {
        let settings = [
            "VDXP_DATABASE_MAX_CONNECTIONS": "\(Self.connections)", "VDXP_EXCHANGE_CHUNK_WAIT_SECONDS": "\(Self.wait)",
        ]
        try await TestPlatform.with(exchangeSettings: settings) { platform in
            let attachment = Data(repeating: 0x5A, count: 2 * 1024 * 1024 + 17)
            let headers = (0..<Self.stalledSenders).map { TestPlatform.header(number: "177\($0)") }
            let streams = try headers.map {
                try platform.messages($0, attachments: [("ban-do.bin", "application/octet-stream", attachment)])
            }
            let codes = Shared<[RPCError.Code]>([])
            try await platform.member(TestPlatform.sender).exchange { exchange in
                try await withThrowingTaskGroup(of: Void.self) { senders in
                    for messages in streams {
                        senders.addTask {
                            do {
                                _ = try await exchange.sendDocument(
                                    request: StreamingClientRequest { writer in
                                        // The document and its first chunk, then nothing: the stream stays open.
                                        try await writer.write(contentsOf: messages.prefix(2))
                                        try await Task.sleep(for: .seconds(120))
                                    }
                                ) { try $0.message }
                                Issue.record("a stalled send was answered OK")
                            } catch let error as RPCError {
                                codes.withLock { $0.append(error.code) }
                            }
                        }
                    }
                    // The sends beyond the slots are refused at once, so the others hold the slots now.
                    try await TestMonitoring.eventually(
                        "the sends beyond the four slots are refused", within: .seconds(60)
                    ) { codes.withLock { $0.count } == Self.stalledSenders - Self.connections / 2 }
                    #expect(codes.withLock { $0 }.allSatisfy { $0 == .resourceExhausted }, "\(codes.withLock { $0 })")

                    // While four sends stall, other members' calls are answered, well within the wait.
                    var deadline = CallOptions.defaults
                    deadline.timeout = .seconds(Int64(Self.wait) - 2)
                    let options = deadline
                    let recipient = platform.member(TestPlatform.recipient)
                    let inbox = try await recipient.exchange { try await $0.fetchInbox(.init(), options: options) }
                    #expect(inbox.deliveries.isEmpty, "nothing of the stalled sends reached the recipient")
                    let small = try await platform.send(
                        try platform.messages(TestPlatform.header(number: "1780")), options: options)
                    #expect(small.document.documentID.hasSuffix("1780/VPCP-TTĐT"))
                    try await senders.waitForAll()
                }
            }
            let outcomes = codes.withLock { $0 }
            #expect(outcomes.filter { $0 == .resourceExhausted }.count == Self.stalledSenders - Self.connections / 2)
            #expect(outcomes.filter { $0 == .deadlineExceeded }.count == Self.connections / 2, "\(outcomes)")

            // The abandoned sends stored nothing, and their slots are free: the same documents, streamed without
            // pause, are stored.
            let sent = try await platform.member(TestPlatform.sender).exchange {
                try await $0.listSentDocuments(.with { $0.pageSize = 100 })
            }.documents
            #expect(sent.map(\.documentID) == [TestPlatform.header(number: "1780").documentID])
            for messages in streams.prefix(Self.connections / 2 + 1) {
                let stored = try await platform.send(messages)
                #expect(!stored.duplicate)
                #expect(stored.document.header.attachments.first?.sizeBytes == Int64(attachment.count))
            }
        }
    }
}
