public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// A minimal HTTP/1.1 server for Prometheus: `GET /metrics` answers the registry in the text exposition format;
/// every other path answers 404. Plaintext, meant for the cluster network only (the network policies let only
/// Prometheus reach it).
///
/// It shares the process's file descriptors with the gRPC listeners and the database pool, so it holds few: at most
/// ``defaultMaximumConnections`` at once (a connection beyond is closed as it is accepted) and none silent for longer
/// than ``defaultIdleTimeout``. A scraper reconnects on its next scrape.
public final class MetricsEndpoint: Service, Sendable {
    /// Most connections open at once: Prometheus needs one per scraper.
    public static let defaultMaximumConnections = 16
    /// A connection that neither sends nor receives for this long is closed.
    public static let defaultIdleTimeout: Duration = .seconds(60)

    private let address: HostAndPort
    private let maximumConnections: Int
    private let idleTimeout: TimeAmount
    private let connections = Atomic<Int>(0)
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let bound: AsyncStream<HostAndPort>.Continuation
    /// Yields the bound address once listening (useful when the configured port is 0).
    public let boundAddresses: AsyncStream<HostAndPort>

    /// Creates the endpoint.
    public init(
        address: HostAndPort, registry: PrometheusCollectorRegistry, logger: Logger,
        maximumConnections: Int = defaultMaximumConnections, idleTimeout: Duration = defaultIdleTimeout
    ) {
        self.address = address
        self.maximumConnections = maximumConnections
        self.idleTimeout = TimeAmount(idleTimeout)
        self.registry = registry
        self.logger = logger
        (boundAddresses, bound) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in accept(channel) }
            .bind(host: address.host, port: address.port).get()
        let port = channel.localAddress?.port ?? address.port
        logger.info("metrics endpoint listening", metadata: ["address": "\(address.host):\(port)"])
        bound.yield(HostAndPort(host: address.host, port: port))
        bound.finish()
        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
    }

    /// Sets up an accepted connection, or closes it when the most connections allowed are open.
    private func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        let open = connections.wrappingAdd(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { [self] _ in connections.wrappingSubtract(1, ordering: .relaxed) }
        guard open <= maximumConnections else {
            logger.warning(
                "metrics connection refused: too many open",
                metadata: ["open": "\(open - 1)", "maximum": "\(maximumConnections)"])
            return channel.close()
        }
        let (registry, idleTimeout) = (self.registry, self.idleTimeout)
        return channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(IdleStateHandler(allTimeout: idleTimeout))
            try pipeline.configureHTTPServerPipeline()
            try pipeline.addHandler(MetricsHTTPHandler(registry: registry))
        }
    }
}

private final class MetricsHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private var path = ""
    private var method = HTTPMethod.GET
    private var keepAlive = true

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            method = head.method
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            respond(context: context)
        }
    }

    private func respond(context: ChannelHandlerContext) {
        let (status, contentType, body): (HTTPResponseStatus, String, [UInt8])
        if method == .GET && (path == "/metrics" || path.hasPrefix("/metrics?")) {
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            (status, contentType, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", buffer)
        } else {
            (status, contentType, body) = (.notFound, "text/plain", Array("not found: try GET /metrics\n".utf8))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { written.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
    }

    /// Closes a connection idle for the endpoint's idle timeout.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
