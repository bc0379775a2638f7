public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle

/// A minimal HTTP/1.1 server for Prometheus: `GET /metrics` answers the registry in the text exposition format;
/// every other path answers 404. Plaintext, meant for the cluster network only.
public final class MetricsEndpoint: Service, Sendable {
    private let address: HostAndPort
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let bound: AsyncStream<HostAndPort>.Continuation
    /// Yields the bound address once listening (useful when the configured port is 0).
    public let boundAddresses: AsyncStream<HostAndPort>

    /// Creates the endpoint.
    public init(address: HostAndPort, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.address = address
        self.registry = registry
        self.logger = logger
        (boundAddresses, bound) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        let registry = self.registry
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(MetricsHTTPHandler(registry: registry))
                }
            }
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
}

private final class MetricsHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private var path = ""
    private var method = HTTPMethod.GET

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            method = head.method
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
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
