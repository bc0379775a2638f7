import Foundation
import NIOCore
import NIOEmbedded
import NIOPosix
import NIOTLS
import Testing

@testable import VDXPRuntime

/// A connection that never completes its TLS handshake is closed after ``TransportFactory/tlsHandshakeTimeout``:
/// before the handshake it is nobody, and no other timer applies to it.
@Suite("A connection that does not complete its TLS handshake is closed", .timeLimit(.minutes(10)))
struct TLSHandshakeDeadlineTests {
    @Test("the deadline closes a connection still shaking hands; a completed handshake lifts it")
    func deadline() throws {
        let peer = try SocketAddress(ipAddress: "192.0.2.1", port: 443)
        let silent = EmbeddedChannel()
        try silent.connect(to: peer).wait()
        try silent.pipeline.syncOperations.addHandler(TLSHandshakeDeadline(timeout: .seconds(10)))
        silent.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(silent.isActive, "still within the deadline")
        silent.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!silent.isActive, "closed at the deadline")

        let handshaken = EmbeddedChannel()
        try handshaken.connect(to: peer).wait()
        try handshaken.pipeline.syncOperations.addHandler(TLSHandshakeDeadline(timeout: .seconds(10)))
        handshaken.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: "h2"))
        handshaken.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(handshaken.isActive, "a connection that completed its handshake is left to the other timers")
        #expect(throws: (any Error).self) {
            try handshaken.pipeline.syncOperations.handler(type: TLSHandshakeDeadline.self)
        }
        _ = try handshaken.finish()
    }

    @Test("Exchange closes a TCP connection that sends no handshake within the deadline")
    func silentClientIsClosed() async throws {
        try await TestPlatform.with { platform in
            let closed = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: platform.exchange.host, port: platform.exchange.port)
                .get().closeFuture
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await closed.get()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: TransportFactory.tlsHandshakeTimeout + .seconds(50))
                    return false
                }
                let first = try await group.next()
                group.cancelAll()
                #expect(first == true, "the server kept a silent connection open for a minute")
            }
            #expect(ContinuousClock.now - started >= TransportFactory.tlsHandshakeTimeout - .seconds(1))
        }
    }
}
