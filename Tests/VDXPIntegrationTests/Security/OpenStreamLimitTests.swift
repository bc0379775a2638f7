import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

/// Each long-lived stream holds a task, a subscription and a database poll on the replica for as long as the member
/// keeps it open: a member holds only so many at once (`VDXP_MAX_OPEN_STREAMS_PER_MEMBER`), and beyond that its next
/// stream is refused at once, not served at every other member's expense.
@Suite("A member holds only so many open streams at once", .timeLimit(.minutes(10)))
struct OpenStreamLimitTests {
    /// Opens `count` health watches as `client` and returns once each has had its first answer, so the server counts
    /// it; each lasts until its task is cancelled.
    static func holdHealthWatches(_ count: Int, as client: PlatformClient) async throws -> [Task<Void, any Error>] {
        let opened = Shared(0)
        let held = (0..<count).map { _ in
            Task {
                try await client.run { grpc in
                    try await Grpc_Health_V1_Health.Client(wrapping: grpc).watch(.init()) { response in
                        for try await _ in response.messages { opened.withLock { $0 += 1 } }
                    }
                }
            }
        }
        try await TestMonitoring.eventually("\(count) watches are open") { opened.withLock { $0 } == count }
        return held
    }

    @Test(
        "past the limit a member's next stream is RESOURCE_EXHAUSTED, whichever it is; another member's is not; a stream that ends frees its place"
    )
    func perMemberLimit() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_MAX_OPEN_STREAMS_PER_MEMBER": "2"]) { platform in
            let recipient = platform.member(TestPlatform.recipient)
            let held = try await Self.holdHealthWatches(2, as: recipient)

            let watch = await statusCode {
                try await recipient.run { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.init()) { response in
                        for try await _ in response.messages { return }
                    }
                }
            }
            #expect(watch == .resourceExhausted)
            let inbox = await #expect(throws: RPCError.self) {
                try await recipient.exchange { exchange in
                    try await exchange.subscribeInbox(.init()) { response in
                        for try await _ in response.messages { return }
                    }
                }
            }
            #expect(inbox?.code == .resourceExhausted, "the limit counts every kind of stream together")
            #expect(inbox?.message.contains("VDXP_MAX_OPEN_STREAMS_PER_MEMBER") == true)

            let other = try await platform.member(TestPlatform.sender).run { client in
                try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.init()) { response in
                    for try await message in response.messages { return message.status }
                    return .unknown
                }
            }
            #expect(other == .serving, "another member's streams are its own")

            held[0].cancel()
            try await TestMonitoring.eventually("a stream that ended frees its place") {
                await statusCode {
                    try await recipient.run { client in
                        try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.init()) { response in
                            for try await _ in response.messages { return }
                        }
                    }
                } == nil
            }
            held[1].cancel()
        }
    }
}
