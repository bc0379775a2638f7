import NIOCore

/// Closes an accepted connection from which nothing has been read for `timeout`: its peer vanished without a FIN or
/// an RST (its node lost, a firewall that dropped the connection's state).
///
/// The server pings a client after ``TransportFactory/serverKeepalive``'s 60 s without a byte, and a live client
/// answers at once, so a live connection is never silent for longer than that and a round trip. grpc-swift's own
/// keepalive timeout cannot stand in for this deadline: it starts a graceful shutdown, which waits for the peer to
/// acknowledge a GOAWAY — which a vanished peer never does — and for its open streams to end; a member's
/// `SubscribeInbox` would keep its place in the member's stream quota until the kernel gave up on the connection.
/// This handler closes the connection outright, and every call on it ends.
///
/// The first handler of each accepted connection, so that it sees every byte read, the TLS handshake included;
/// `IdleStateHandler` (before it) keeps the time of the last read without a timer per read.
final class SilentPeerDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .read = event as? IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

extension SilentPeerDeadline {
    /// The `onAcceptTCPConnection` callback that closes each accepted connection once nothing was read from it for
    /// `timeout`.
    static func installer(timeout: Duration) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        let amount = TimeAmount(timeout)
        return { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers(
                    [IdleStateHandler(readTimeout: amount), SilentPeerDeadline()], position: .first)
            }
        }
    }
}
