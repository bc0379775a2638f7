import NIOCore
import NIOTLS

/// Sits right behind the `NIOSSLClientHandler` added after STARTTLS and completes `promise` when the handshake ends:
/// with success, with the TLS error that ended it, or with ``SMTPClientError/closedByRelay`` when the connection
/// closes first. Without it the client would write its next EHLO into a channel the failed handshake had just closed
/// and report "I/O on closed channel" instead of the TLS failure the operator has to fix.
final class TLSHandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(SMTPClientError.closedByRelay)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.fail(SMTPClientError.closedByRelay)
    }
}
