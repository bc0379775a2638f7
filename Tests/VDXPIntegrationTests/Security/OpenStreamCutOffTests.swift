import Foundation
import GRPCCore
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPStore

/// A member's system keeps `SubscribeInbox` open for days. The operator cuts a member off on a security incident
/// (Art. 9.4): from then on it gets nothing, on a stream it opened before as on a new call.
@Suite("Exchange: an open stream of a member cut off since", .serialized, .timeLimit(.minutes(10)))
struct OpenStreamCutOffTests {
    @Test("a subscription opened before the cut-off ends with PERMISSION_DENIED and receives nothing sent after it")
    func subscriptionEnds() async throws {
        try await TestPlatform.with { platform in
            let received = Shared<[String]>([])
            let ended = Task { () -> RPCError? in
                do {
                    try await platform.member(TestPlatform.recipient).exchange {
                        try await $0.subscribeInbox(.init()) { response in
                            for try await message in response.messages {
                                received.withLock { $0.append(message.delivery.documentID) }
                            }
                        }
                    }
                    return nil
                } catch let error as RPCError {
                    return error
                }
            }
            let before = try await platform.sendDocument(TestPlatform.header(number: "1901"))
            try await TestMonitoring.eventually("the subscriber receives the document", within: .seconds(60)) {
                received.withLock { $0 } == [before.documentID]
            }
            _ = try await platform.operatorClient.central {
                try await $0.cutOffMember(
                    .with {
                        $0.organisationID = TestPlatform.recipient.organisationID
                        $0.incident = "Phát hiện mã độc trên máy chủ văn bản"
                    })
            }
            try await platform.waitForExchangeConfiguration()
            let error = try await awaitingAtMost(.seconds(30)) { try await ended.value }
            #expect(error?.code == .permissionDenied, "\(String(describing: error))")
            #expect(received.withLock { $0 } == [before.documentID])
        }
    }
}
