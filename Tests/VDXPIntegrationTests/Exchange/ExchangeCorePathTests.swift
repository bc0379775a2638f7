import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime
import VDXPTrust

/// The core path of Exchange over mutual TLS against real PostgreSQL: send → deliver → acknowledge → statuses.
@Suite("Exchange core path", .serialized)
struct ExchangeCorePathTests {
    @Test("a signed document travels sender → recipient, and its statuses flow back to the sender")
    func documentTravelsAndStatusesFlowBack() async throws {
        try await TestPlatform.with { platform in
            let body = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let header = TestPlatform.header(number: "101")
            let sent = try await platform.send(
                try platform.messages(header, attachments: [("van-ban.pdf", "application/pdf", body)]))
            #expect(sent.document.documentID == header.documentID)
            #expect(sent.duplicate == false)
            #expect(sent.document.recipients.map(\.deliveryState) == [.queued])

            let recipient = platform.member(TestPlatform.recipient)
            let deliveries = try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries }
            #expect(deliveries.map(\.documentID) == [header.documentID])
            let delivery = try #require(deliveries.first)
            #expect(delivery.state == .leased)
            #expect(delivery.attempt == 1)

            // The recipient downloads the attachment in chunks and finds the bytes that were signed.
            let downloaded = try await recipient.exchange { exchange in
                try await exchange.downloadAttachment(
                    .with {
                        $0.documentID = header.documentID
                        $0.attachmentIndex = 0
                    }
                ) {
                    response in
                    var bytes = Data()
                    for try await chunk in response.messages { bytes.append(chunk.data) }
                    return bytes
                }
            }
            #expect(downloaded == body)

            let acknowledged = try await recipient.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            #expect(acknowledged.state == .acknowledged)
            let again = try await recipient.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            #expect(again.state == .acknowledged, "acknowledging twice is idempotent")

            let handler = Vdxp_Exchange_V1_Handler.with {
                $0.fullName = "Nguyễn Văn An"
                $0.unit = "Văn phòng"
            }
            for status in [Vdxp_Exchange_V1_DocumentStatus.registered, .processing, .completed] {
                _ = try await recipient.exchange {
                    try await $0.updateDocumentStatus(
                        .with {
                            $0.documentID = header.documentID
                            $0.status = status
                            $0.handler = handler
                        })
                }
            }
            // The system's report of 06 answered late, it reports it again: the same answer, nothing recorded twice;
            // another handler's 06 is a new report, refused: 06 is final.
            let completed = Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
                $0.documentID = header.documentID
                $0.status = .completed
                $0.handler = handler
            }
            let retried = try await recipient.exchange { try await $0.updateDocumentStatus(completed) }
            #expect(retried.status == .completed)
            #expect(retried.history.map(\.status) == [.arrived, .registered, .processing, .completed])
            let other = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.updateDocumentStatus(completed.changed { $0.handler.fullName = "Trần Thị Bình" })
                }
            }
            #expect(other?.code == .failedPrecondition)
            let seen = try await platform.member(TestPlatform.sender).exchange {
                try await $0.getDocument(.with { $0.documentID = header.documentID })
            }
            #expect(seen.recipients.first?.history.map(\.status) == [.arrived, .registered, .processing, .completed])
            #expect(seen.recipients.first?.history.last?.handler.fullName == "Nguyễn Văn An")
        }
    }

    @Test("resending the same signed bytes is idempotent; other bytes under the same id are refused")
    func idempotentResend() async throws {
        try await TestPlatform.with { platform in
            let messages = try platform.messages(TestPlatform.header(number: "102"))
            let first = try await platform.send(messages)
            let second = try await platform.send(messages)
            #expect(second.duplicate)
            #expect(second.document.recipients.map(\.deliveryID) == first.document.recipients.map(\.deliveryID))

            var other = TestPlatform.header(number: "102")
            other.subject = "Một trích yếu khác"
            let error = await #expect(throws: RPCError.self) { try await platform.send(try platform.messages(other)) }
            #expect(error?.code == .alreadyExists)
        }
    }

    @Test("a document is refused when one byte of its header, attachment or signature changes")
    func tamperingIsRefused() async throws {
        try await TestPlatform.with { platform in
            let attachment: [(name: String, contentType: String, data: Data)] = [
                ("a.txt", "text/plain", Data("nội dung".utf8))
            ]
            var messages = try platform.messages(TestPlatform.header(number: "103"), attachments: attachment)

            var header = messages
            header[0].document.header[header[0].document.header.count - 1] ^= 0x01
            await #expect(throws: RPCError.self) { try await platform.send(header) }

            var signature = messages
            signature[0].document.signatures[0].signature[0] ^= 0x01
            let signatureError = await #expect(throws: RPCError.self) { try await platform.send(signature) }
            #expect(signatureError?.code == .invalidArgument)

            messages[1].chunk.data[0] ^= 0x01
            let digestError = await #expect(throws: RPCError.self) { try await platform.send(messages) }
            #expect(digestError?.code == .invalidArgument)
            #expect(digestError?.message.contains("sha256") == true)
        }
    }

    @Test("a seal not registered to the sender is refused, and so is a state secret")
    func foreignSealAndStateSecretAreRefused() async throws {
        try await TestPlatform.with { platform in
            let foreign = try platform.messages(TestPlatform.header(number: "104"), signedBy: TestPlatform.stranger)
            let error = await #expect(throws: RPCError.self) { try await platform.send(foreign) }
            #expect(error?.code == .permissionDenied)

            var secret = TestPlatform.header(number: "105")
            secret.stateSecret = true
            let secretError = await #expect(throws: RPCError.self) {
                try await platform.send(try platform.messages(secret))
            }
            #expect(secretError?.code == .invalidArgument)
        }
    }

    @Test("a stranger sees neither the document nor the delivery, and a status cannot skip registration")
    func strangersAndIllegalTransitions() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "106")
            _ = try await platform.send(try platform.messages(header))
            let stranger = platform.member(TestPlatform.stranger)
            let notFound = await #expect(throws: RPCError.self) {
                try await stranger.exchange { try await $0.getDocument(.with { $0.documentID = header.documentID }) }
            }
            #expect(notFound?.code == .notFound)
            let strangerInbox = try await stranger.exchange { try await $0.fetchInbox(.init()).deliveries }
            #expect(strangerInbox.isEmpty)

            let recipient = platform.member(TestPlatform.recipient)
            let delivery = try #require(
                try await recipient.exchange { try await $0.fetchInbox(.init()).deliveries.first })
            let ackByStranger = await #expect(throws: RPCError.self) {
                try await stranger.exchange {
                    try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
                }
            }
            #expect(ackByStranger?.code == .notFound)
            _ = try await recipient.exchange {
                try await $0.acknowledgeDelivery(.with { $0.deliveryID = delivery.deliveryID })
            }
            let skip = await #expect(throws: RPCError.self) {
                try await recipient.exchange {
                    try await $0.updateDocumentStatus(
                        .with {
                            $0.documentID = header.documentID
                            $0.status = .assigned
                            $0.handler = .with {
                                $0.fullName = "A"
                                $0.unit = "B"
                            }
                        })
                }
            }
            #expect(skip?.code == .failedPrecondition)
        }
    }

    @Test("the journal is chained in order and only platform services may stream it")
    func journalChainAndAccess() async throws {
        try await TestPlatform.with { platform in
            let header = TestPlatform.header(number: "107")
            _ = try await platform.send(try platform.messages(header))
            let refused = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange { exchange in
                    try await exchange.streamJournal(.init()) { response in
                        for try await _ in response.messages { break }
                    }
                }
            }
            #expect(refused?.code == .permissionDenied)

            let entries = try await platform.service("search", address: platform.exchange).exchange { exchange in
                try await exchange.streamJournal(.init()) { response in
                    var entries: [Vdxp_Exchange_V1_JournalEntry] = []
                    for try await entry in response.messages {
                        entries.append(entry)
                        break
                    }
                    return entries
                }
            }
            let entry = try #require(entries.first)
            #expect(entry.sequence == 1)
            #expect(entry.eventType == "document.sent")
            #expect(Array(entry.previousHash) == JournalChain.genesis)
            let micros = entry.recordTime.seconds * 1_000_000 + Int64(entry.recordTime.nanos / 1000)
            let recomputed = JournalChain.entryHash(
                previous: JournalChain.genesis, sequence: entry.sequence, entryID: entry.entryID,
                eventType: entry.eventType, documentID: entry.documentID, recordedAtMicroseconds: micros,
                payload: Array(entry.payload))
            #expect(recomputed == Array(entry.hash))
        }
    }
}
