import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPProto
import VDXPRuntime

/// A member's system that sends call after call without waiting for the answers (a loop gone wrong, a retry storm)
/// gets only so many calls in progress on a replica at once (`VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER`): its next call
/// is refused at once, and the other members' calls are served as before.
@Suite("A member has only so many calls in progress at once", .timeLimit(.minutes(10)))
struct ConcurrentCallsPerMemberTests {
    @Test(
        "past the limit a member's next call of any method is RESOURCE_EXHAUSTED naming the setting; another member's is served; an answer frees a place"
    )
    func perMemberLimit() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER": "2"]) { platform in
            let recipient = platform.member(TestPlatform.recipient)
            // Two calls in progress: health watches, which last until they are cancelled.
            let held = try await OpenStreamLimitTests.holdHealthWatches(2, as: recipient)

            let refused = await #expect(throws: RPCError.self) {
                _ = try await recipient.exchange { try await $0.fetchInbox(.with { $0.maxDeliveries = 1 }) }
            }
            #expect(refused?.code == .resourceExhausted, "a unary call counts with the streams")
            #expect(
                refused?.message.contains("VDXP_MAX_CONCURRENT_CALLS_PER_MEMBER") == true,
                "\(String(describing: refused))")

            let other = try await platform.member(TestPlatform.sender).exchange {
                try await $0.fetchInbox(.with { $0.maxDeliveries = 1 })
            }
            #expect(other.deliveries.isEmpty, "another member's calls are its own")

            held[0].cancel()
            try await TestMonitoring.eventually("a call that ended frees its place") {
                await statusCode {
                    _ = try await recipient.exchange { try await $0.fetchInbox(.with { $0.maxDeliveries = 1 }) }
                } == nil
            }
            held[1].cancel()
        }
    }
}
