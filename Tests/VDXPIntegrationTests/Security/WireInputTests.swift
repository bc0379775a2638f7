import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// What arrives over the wire is not trusted: bytes that are not the message, messages past the limits, strings and
/// lists far past any sensible size, methods that do not exist. Each is refused with the status gRPC defines for it,
/// and the server answers the next ordinary call (issue 17). The single oversize message is in ``HardeningTests``.
@Suite("Bad input over the wire is refused and the server carries on", .serialized)
struct WireInputTests {
    typealias Exchange = Vdxp_Exchange_V1_ExchangeService.Method
    typealias Central = Vdxp_Central_V1_CentralService.Method

    /// Bytes that are no protobuf message: a field tag with no end, a length-delimited field promising 100 bytes
    /// and giving 3, a group that never closes, and 64 kB of noise.
    static let garbage: [(String, [UInt8])] = [
        ("an unterminated varint tag", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        ("a truncated length-delimited field", [0x0A, 0x64, 0x41, 0x42, 0x43]),
        ("a start-group that never ends", [0x0B, 0x0B, 0x0B]),
        ("64 kB of noise", (0..<65_536).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) | 0x80 }),
    ]

    @Test("bytes that are not protobuf are INVALID_ARGUMENT at Exchange and Central, unary and streaming")
    func garbageProtobuf() async throws {
        try await TestPlatform.with { platform in
            let member = platform.member(TestPlatform.recipient)
            for (what, bytes) in Self.garbage {
                for method in [
                    Exchange.GetDocument.descriptor, Exchange.FetchInbox.descriptor, Exchange.SendDocument.descriptor,
                    Exchange.SubscribeInbox.descriptor, Exchange.AcknowledgeDelivery.descriptor,
                ] {
                    let outcome = try await member.run { await $0.raw(method, messages: [bytes]) }
                    #expect(outcome.code == .invalidArgument, "\(what) to \(method): \(outcome)")
                }
                let central = try await platform.operatorClient.run {
                    await $0.raw(Central.CreateMember.descriptor, messages: [bytes])
                }
                #expect(central.code == .invalidArgument, "\(what) to Central: \(central)")
            }
            try await platform.expectServing()
        }
    }

    @Test("a unary call with no request message, or two, is INVALID_ARGUMENT (the client's fault), not INTERNAL")
    func unaryWithoutOneMessage() async throws {
        try await TestPlatform.with { platform in
            let member = platform.member(TestPlatform.recipient)
            for messages in [[], [[], []]] as [[[UInt8]]] {
                let outcome = try await member.run { await $0.raw(Exchange.GetDocument.descriptor, messages: messages) }
                #expect(outcome.code == .invalidArgument, "\(messages.count) messages: \(outcome)")
                #expect(outcome.message.contains("exactly one request message"), "\(outcome)")
            }
            try await platform.expectServing()
        }
    }

    @Test("a method no service has is UNIMPLEMENTED, at Exchange and at Central")
    func unknownMethod() async throws {
        try await TestPlatform.with { platform in
            let missing = MethodDescriptor(fullyQualifiedService: "vdxp.exchange.v1.ExchangeService", method: "Format")
            let atExchange = try await platform.member(TestPlatform.recipient).run { await $0.raw(missing) }
            #expect(atExchange.code == .unimplemented, "\(atExchange)")
            let nowhere = MethodDescriptor(fullyQualifiedService: "vdxp.admin.v1.Shell", method: "Run")
            let atCentral = try await platform.operatorClient.run { await $0.raw(nowhere) }
            #expect(atCentral.code == .unimplemented, "\(atCentral)")
            try await platform.expectServing()
        }
    }

    @Test("a message over 4 MiB at Central is RESOURCE_EXHAUSTED; one over the 16 MiB transport ceiling is cut off")
    func oversizeAtCentral() async throws {
        try await TestPlatform.with { platform in
            let over = Vdxp_Central_V1_GetMemberRequest.with {
                $0.organisationID = String(repeating: "9", count: 5 * 1024 * 1024)
            }
            let bytes: [UInt8] = try over.serializedBytes()
            let outcome = try await platform.operatorClient.run {
                // A generous deadline: 5 MiB over TLS on a loaded machine; the answer itself is immediate.
                await $0.raw(Central.GetMember.descriptor, messages: [bytes], timeout: .seconds(60))
            }
            #expect(outcome.code == .resourceExhausted, "\(outcome)")
            // Past the transport's own ceiling the stream is reset before any handler: the call fails, nothing else.
            let ceiling = [UInt8](repeating: 0x41, count: TransportFactory.transportMessageCeilingBytes + 1024)
            let reset = try await platform.member(TestPlatform.recipient).run {
                await $0.raw(Exchange.GetDocument.descriptor, messages: [ceiling], timeout: .seconds(60))
            }
            #expect(reset != .answered, "\(reset)")
            #expect(reset.code != .internalError, "the client's oversize message is not a server fault: \(reset)")
            try await platform.expectServing()
        }
    }

    @Test("a 3 MiB handler name and a 3 MiB member name are INVALID_ARGUMENT, and nothing of them is stored or echoed")
    func hugeStrings() async throws {
        try await TestPlatform.with { platform in
            let document = try await platform.sendDocument(TestPlatform.header(number: "1711"))
            try await platform.receiveAll(as: TestPlatform.recipient)
            let huge = String(repeating: "Nguyễn ", count: 3 * 1024 * 1024 / 9)
            let status = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.recipient).exchange {
                    try await $0.updateDocumentStatus(
                        .with {
                            $0.documentID = document.documentID
                            $0.status = .registered
                            $0.handler = .with {
                                $0.fullName = huge
                                $0.unit = "Văn thư"
                            }
                        })
                }
            }
            #expect(status?.code == .invalidArgument, "\(String(describing: status?.code))")
            #expect((status?.message.count ?? .max) < 1_000, "the answer does not echo the name")
            let stored = try await platform.document(document.documentID)
            #expect(stored.recipient(TestPlatform.recipient)?.status != .registered)

            let member = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.createMember(.with { $0.member = TestPlatform.application("000.00.00.H41", huge) })
                }
            }
            #expect(member?.code == .invalidArgument, "\(String(describing: member?.code))")
            #expect((member?.message.count ?? .max) < 1_000)
            try await platform.expectServing()
        }
    }

    /// One letter followed by a million combining accents is one Swift `Character` and 2 MB: limits counted in
    /// `Character`s let such a status comment into the journal (past the 4 MiB its followers receive) and such an
    /// endpoint description into the global configuration every service follows. Limits count code points.
    @Test(
        "a comment, a handler's position and an endpoint description of one letter and a million combining accents are INVALID_ARGUMENT"
    )
    func stackedCombiningMarks() async throws {
        let stacked = "a" + String(repeating: "\u{0301}", count: 1_000_000)
        #expect(stacked.count == 1, "one grapheme cluster")
        try await TestPlatform.with { platform in
            let document = try await platform.sendDocument(TestPlatform.header(number: "1712"))
            try await platform.receiveAll(as: TestPlatform.recipient)
            for (field, request) in [
                (
                    "comment",
                    Vdxp_Exchange_V1_UpdateDocumentStatusRequest.with {
                        $0.comment = stacked
                        $0.handler = .with {
                            $0.fullName = "Nguyễn Văn An"
                            $0.unit = "Văn thư"
                        }
                    }
                ),
                (
                    "handler.position",
                    .with {
                        $0.handler = .with {
                            $0.fullName = "Nguyễn Văn An"
                            $0.unit = "Văn thư"
                            $0.position = stacked
                        }
                    }
                ),
            ] {
                var named = request
                named.documentID = document.documentID
                named.status = .registered
                let request = named
                let refused = await #expect(throws: RPCError.self) {
                    try await platform.member(TestPlatform.recipient).exchange {
                        try await $0.updateDocumentStatus(request)
                    }
                }
                #expect(refused?.code == .invalidArgument, "\(field): \(String(describing: refused?.code))")
                #expect(refused?.badRequestFields == [field])
            }
            let stored = try await platform.document(document.documentID)
            #expect(stored.recipient(TestPlatform.recipient)?.status != .registered)

            let endpoint = await #expect(throws: RPCError.self) {
                try await platform.operatorClient.central {
                    try await $0.scheduleEndpointChange(
                        .with {
                            $0.organisationID = TestPlatform.recipient.organisationID
                            $0.endpoint = .with {
                                $0.address = "https://edoc.hue.gov.vn/vdxp"
                                $0.description_p = stacked
                                $0.effectiveDate = "2099-01-05"
                            }
                        })
                }
            }
            #expect(endpoint?.code == .invalidArgument, "\(String(describing: endpoint?.code))")
            #expect(endpoint?.badRequestFields == ["endpoint.description"])
            try await platform.expectServing()
        }
    }

    @Test("200 000 recipients to retract from, and 200 000 recipients of a document, are refused without echoing them")
    func hugeRepeatedFields() async throws {
        try await TestPlatform.with { platform in
            let document = try await platform.sendDocument(TestPlatform.header(number: "1712"))
            let ids = (0..<200_000).map { String(format: "000.00.%02d.H%02d", $0 % 100, $0 / 2_000) }
            let retract = await #expect(throws: RPCError.self) {
                try await platform.member(TestPlatform.sender).exchange {
                    try await $0.retractDocument(
                        .with {
                            $0.documentID = document.documentID
                            $0.recipientOrganisationIds = ids
                            $0.reason = "Gửi nhầm"
                        })
                }
            }
            #expect(retract?.code == .invalidArgument, "\(String(describing: retract))")
            #expect((retract?.message.count ?? .max) < 2_000)

            var header = TestPlatform.header(number: "1713")
            header.recipients = ids.map { id in
                .with {
                    $0.organisationID = id
                    $0.name = "Cơ quan"
                }
            }
            let send = await #expect(throws: RPCError.self) { try await platform.send(try platform.messages(header)) }
            #expect(
                [RPCError.Code.invalidArgument, .resourceExhausted].contains(send?.code ?? .unknown),
                "\(String(describing: send))")
            #expect((send?.message.count ?? .max) < 2_000)
            let absent = await #expect(throws: RPCError.self) { try await platform.document(header.documentID) }
            #expect(absent?.code == .notFound)
            try await platform.expectServing()
        }
    }
}
