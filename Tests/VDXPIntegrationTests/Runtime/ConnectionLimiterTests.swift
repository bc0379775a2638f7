import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import Synchronization
import Testing
import VDXPClient
import VDXPProto

@testable import VDXPRuntime

/// One client cannot take every connection a service can hold: each TLS listener holds at most
/// `VDXP_MAX_CONNECTIONS` connections, and at most `VDXP_MAX_CONNECTIONS_PER_ADDRESS` from one client address.
@Suite("A listener bounds the connections it holds, in all and per client address", .timeLimit(.minutes(10)))
struct ConnectionLimiterTests {
    @Test("an address past its share is refused while another gets in; the listener's total bounds them all")
    func bounds() {
        let limiter = ConnectionLimiter(listener: "grpc", maximum: 3, maximumPerAddress: 2)
        #expect(limiter.admit("192.0.2.1") == nil)
        #expect(limiter.admit("192.0.2.1") == nil)
        #expect(limiter.admit("192.0.2.1") == .addressFull, "a third connection from one address")
        #expect(limiter.admit("198.51.100.7") == nil, "another address still gets in")
        #expect(limiter.admit("203.0.113.9") == .listenerFull, "the listener holds its maximum")
        #expect(limiter.openConnections == 3)

        limiter.release("192.0.2.1")
        #expect(limiter.admit("203.0.113.9") == nil, "a closed connection frees its place")
        #expect(limiter.admit("192.0.2.1") == .listenerFull)
        limiter.release("203.0.113.9")
        #expect(limiter.admit("192.0.2.1") == nil)
        #expect(limiter.openConnections == 3)
    }

    @Test("Exchange refuses a client's connection past VDXP_MAX_CONNECTIONS_PER_ADDRESS, and takes it once one closed")
    func exchangeRefusesConnectionsPastTheShare() async throws {
        try await TestPlatform.with(exchangeSettings: ["VDXP_MAX_CONNECTIONS_PER_ADDRESS": "2"]) { platform in
            let member = platform.member(TestPlatform.sender)
            let connections = HeldConnections()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Two connections of the member's system, each open after one call until released.
                for _ in 0..<2 {
                    group.addTask {
                        try await member.run { client in
                            _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init())
                            connections.held.withLock { $0 += 1 }
                            while !connections.released.withLock({ $0 }) {
                                try await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                }
                try await TestMonitoring.eventually("two connections held") { connections.held.withLock { $0 } == 2 }

                let options = {
                    var options = CallOptions.defaults
                    options.timeout = .seconds(5)
                    return options
                }()
                await #expect(throws: RPCError.self, "a third connection from the same address") {
                    try await member.run { client in
                        _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init(), options: options)
                    }
                }
                // Another address of the machine still gets in: Exchange keeps the connection past the moment a
                // refused one is closed (it waits for a TLS handshake that never comes).
                let other = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .bind(to: try SocketAddress(ipAddress: "127.0.0.2", port: 0))
                    .connect(host: platform.exchange.host, port: platform.exchange.port).get()
                try await Task.sleep(for: .seconds(1))
                #expect(other.isActive, "a connection from 127.0.0.2 was refused")
                try await other.close()

                connections.released.withLock { $0 = true }
                try await group.waitForAll()
            }
            // Once a held connection closed, the member connects again.
            try await TestMonitoring.eventually("a connection taken again after one closed") {
                (try? await member.run { client in
                    _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init())
                }) != nil
            }
        }
    }
}

/// Connections a test holds open, and the signal to close them.
private final class HeldConnections: Sendable {
    /// How many are open.
    let held = Mutex(0)
    /// Whether they may close.
    let released = Mutex(false)
}
