import NIOCore
import NIOSSL
import NIOTLS

/// Closes an accepted connection whose TLS handshake has not completed within `timeout`.
///
/// Until the handshake completes no gRPC frame is read, so neither the HTTP/2 keepalive nor the idle timer
/// applies, and ``SilentPeerDeadline`` only closes a connection silent for 80 s: a client that connects and then
/// dribbles the handshake — or stops half-way through it — would hold a socket and its buffers, and a few thousand of
/// them every file descriptor the process has, before anyone knew who they were. Added right after the TLS handler of every accepted connection (``TransportFactory``).
final class TLSHandshakeDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    /// A deadline `timeout` after the handler is added.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) {
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            timer?.cancel()
            timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}

extension TLSHandshakeDeadline {
    /// The `onAcceptTCPConnection` callback that puts a deadline of `timeout` after the TLS handler of each accepted
    /// connection.
    static func installer(timeout: Duration) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        let amount = TimeAmount.nanoseconds(
            timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        return { channel in
            channel.eventLoop.makeCompletedFuture {
                let operations = channel.pipeline.syncOperations
                let tls = try operations.handler(type: NIOSSLServerHandler.self)
                try operations.addHandler(TLSHandshakeDeadline(timeout: amount), position: .after(tls))
            }
        }
    }
}
