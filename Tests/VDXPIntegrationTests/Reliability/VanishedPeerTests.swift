import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftProtobuf
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// A peer that vanishes without closing its connection — its node lost, a firewall that dropped the connection's
/// state — sends no FIN and no RST: without HTTP/2 keepalive the other end waits for the kernel's two hours, or for
/// ever on a stream that carries nothing (`TransportFactory.serverKeepalive`, `clientKeepalive`). The road is a
/// ``TCPForwarder`` whose connections the test freezes. Each test waits up to 150 s for what keepalive settles within
/// 80 s (60 s + 20 s on the server, 30 s + 20 s on a client), plus a reconnection.
@Suite("A peer that vanishes without a word", .serialized, .timeLimit(.minutes(10)))
struct VanishedPeerTests {
    @Test(
        "a member's system that vanishes with a stream open gives the stream's place in its quota back: Exchange pings it and closes the connection"
    )
    func vanishedMemberFreesItsStream() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_MAX_OPEN_STREAMS_PER_MEMBER": "1"]) { platform in
            let forwarder = try await TCPForwarder(to: platform.exchange)
            defer { forwarder.stop() }
            let opened = Shared(false)
            // The member's one stream, over the road that will be cut. Its own client gives up on the frozen
            // connection too (it pings as well); what matters is Exchange's end.
            let held = Task {
                try await platform.member(TestPlatform.recipient, service: forwarder.address).run { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.init()) { response in
                        for try await _ in response.messages { opened.withLock { $0 = true } }
                    }
                }
            }
            defer { held.cancel() }
            try await TestMonitoring.eventually("the member's stream is open") { opened.withLock { $0 } }
            let direct = platform.member(TestPlatform.recipient)
            #expect(await Self.watchRefusal(direct) == .resourceExhausted, "the one stream the member may hold is held")

            forwarder.freezeConnections()
            try await TestMonitoring.eventually(
                "Exchange closes the silent connection and the member may open a stream again", within: .seconds(150)
            ) {
                guard await Self.watchRefusal(direct) != nil else { return true }
                try await Task.sleep(for: .seconds(2))
                return false
            }
        }
    }

    @Test(
        "a service whose stream from Central goes silent drops the connection, reconnects and follows the global configuration again"
    )
    func serviceReconnectsPastAVanishedCentral() async throws {
        try await TestPlatform.with { platform in
            let forwarder = try await TCPForwarder(to: platform.central)
            defer { forwarder.stop() }
            try await platform.withExchange(central: forwarder.address) { _, host in
                try await SecurityMatrixTests.waitForLatestConfiguration([host], platform: platform)
                let before = try #require(host.globalConfiguration.current()?.version)
                forwarder.freezeConnections()
                try await platform.suspendAtItsRequest(TestPlatform.stranger)
                try await TestMonitoring.eventually(
                    "the replica holds a configuration newer than version \(before)", within: .seconds(150)
                ) {
                    (host.globalConfiguration.current()?.version ?? 0) > before
                }
            }
        }
    }

    @Test("a service's client pings no more often than every server allows, so a quiet stream is never closed for it")
    func clientPingsAreWithinTheServersPolicy() {
        let allowed = TransportFactory.serverKeepalive.clientBehavior.minPingIntervalWithoutCalls
        // Three pings closer together than the server allows close the connection (gRFC A8's ping strikes).
        #expect(TransportFactory.clientKeepalive.time > allowed)
        #expect(TransportFactory.clientKeepalive.allowWithoutCalls == false)
        // A live peer's answer to the server's ping comes within the deadline that closes a silent connection.
        #expect(TransportFactory.silentPeerTimeout > TransportFactory.serverKeepalive.time)
    }

    /// The code a new health watch of `member` is refused with, or `nil` if it is served.
    private static func watchRefusal(_ member: PlatformClient) async -> RPCError.Code? {
        await statusCode {
            try await member.run { client in
                try await Grpc_Health_V1_Health.Client(wrapping: client).watch(.init()) { response in
                    for try await _ in response.messages { return }
                }
            }
        }
    }
}
