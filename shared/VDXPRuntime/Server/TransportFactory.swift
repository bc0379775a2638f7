public import GRPCCore
public import GRPCNIOTransportHTTP2Posix
import NIOCore
import NIOSSL

/// Builds the transports VDXP uses, with its security defaults.
public enum TransportFactory {
    /// Largest gRPC message accepted (4 MiB): attachment chunks carry at most 1 MiB. Enforced by
    /// ``MessageLimitsInterceptor``, which answers RESOURCE_EXHAUSTED.
    public static let maximumMessageBytes = 4 * 1024 * 1024

    /// The transport's own limit, above ``maximumMessageBytes`` so that the common oversize message reaches
    /// ``MessageLimitsInterceptor`` and gets RESOURCE_EXHAUSTED; a message past this ceiling is stopped by the
    /// transport with a stream reset (CANCELLED on the client), the only answer grpc-swift-nio-transport can give
    /// there.
    public static let transportMessageCeilingBytes = 16 * 1024 * 1024

    /// Largest signed global configuration a service takes from Central (64 MiB). The configuration lists every
    /// member with its certificates' fingerprints and subjects in one message — some 450 bytes a member, past 4 MiB
    /// before the 10,000 members the platform is sized for — and a client refuses to receive more than 4 MiB by
    /// default: every service would stop following Central, and refuse all calls once its copy expired.
    public static let configurationMessageCeilingBytes = 64 * 1024 * 1024

    /// Call options for receiving the signed global configuration (``configurationMessageCeilingBytes``).
    public static var configurationCallOptions: CallOptions {
        var options = CallOptions.defaults
        // grpc-swift-nio-transport bounds what a client receives with the request limit; set both.
        options.maxRequestMessageBytes = configurationMessageCeilingBytes
        options.maxResponseMessageBytes = configurationMessageCeilingBytes
        return options
    }

    /// How long an accepted connection has to complete its TLS handshake before it is closed (10 s): until then it
    /// is nobody, and no other timer applies to it (``TLSHandshakeDeadline``).
    public static let tlsHandshakeTimeout: Duration = .seconds(10)

    /// The most streams (calls) open at once on one connection, advertised to clients in SETTINGS (100, the limit
    /// SwiftNIO's HTTP/2 enforced unannounced): a client past it waits for one of its calls to end.
    public static let maximumConcurrentStreams = 100

    /// How long a connection may stay without any call before the server closes it (30 minutes); a client with a
    /// stream open (`SubscribeInbox`) is never idle.
    public static let maximumIdleTime: Duration = .seconds(30 * 60)

    /// How a server finds a client that vanished without closing its connection (its node lost, a firewall that
    /// dropped the connection's state): after 60 s without a byte from the client it sends an HTTP/2 PING, and
    /// closes the connection if nothing comes back within 20 s (``silentPeerTimeout``). Without it a dead member's
    /// `SubscribeInbox` would hold its place in the member's stream quota (`VDXP_MAX_OPEN_STREAMS_PER_MEMBER`) for as
    /// long as the kernel keeps the connection. Clients may ping as often as every 10 s while they have a call open
    /// (``clientKeepalive`` pings every 30 s); more often, three times running, and the connection is closed
    /// (gRFC A8).
    public static let serverKeepalive = HTTP2ServerTransport.Config.Keepalive(
        time: .seconds(60), timeout: .seconds(20),
        clientBehavior: .init(minPingIntervalWithoutCalls: .seconds(10), allowWithoutCalls: false))

    /// How long an accepted connection may stay without a byte from its peer before it is closed (80 s): the
    /// keepalive's wait and its timeout (``serverKeepalive``), after which a live client has answered the PING
    /// (``SilentPeerDeadline``).
    public static var silentPeerTimeout: Duration { serverKeepalive.time + serverKeepalive.timeout }

    /// How a service's client finds a server that vanished while a call is open: every 30 s without a byte from the
    /// server it sends a PING and drops the connection if no answer comes within 20 s, so that the call fails and is
    /// made again on a new connection. Without it a projection following Exchange's journal, or a service following
    /// Central's global configuration, would wait for ever on a stream from a replica lost with its node — a journal
    /// no longer followed, and a configuration left to expire (every call refused once it has). No pings while no
    /// call is open: an idle connection has nothing to lose.
    public static let clientKeepalive = HTTP2ClientTransport.Config.Keepalive(
        time: .seconds(30), timeout: .seconds(20), allowWithoutCalls: false)

    /// The most connections a TLS listener holds open at once, by default (`VDXP_MAX_CONNECTIONS`;
    /// ``ConnectionLimiter``).
    public static let defaultMaximumConnections = 4096

    /// The most connections a TLS listener holds open at once from one client IP address, by default
    /// (`VDXP_MAX_CONNECTIONS_PER_ADDRESS`; ``ConnectionLimiter``).
    public static let defaultMaximumConnectionsPerAddress = 256

    /// The limits every TLS listener shares: the connections open (`connections`), the streams per connection, the
    /// idle time, the keepalive, the handshake deadline.
    static func limited(
        _ config: inout HTTP2ServerTransport.Posix.Config, connections: ConnectionLimiter, handshakeTimeout: Duration
    ) {
        config.http2.maxConcurrentStreams = maximumConcurrentStreams
        config.connection.maxIdleTime = maximumIdleTime
        config.connection.keepalive = serverKeepalive
        let deadline = TLSHandshakeDeadline.installer(timeout: handshakeTimeout)
        let silence = SilentPeerDeadline.installer(timeout: silentPeerTimeout)
        config.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
            connections.admit(channel).flatMap { deadline(channel) }.flatMap { silence(channel) }
        }
    }

    /// The mTLS server transport of a service: presents `certificatePath`/`keyPath`, requires a client certificate
    /// and validates it with `verifier` (platform CA + trusted authorities of the global configuration). A connection
    /// must complete its handshake within `handshakeTimeout`; at most as many are open at once as `connections`
    /// allows.
    public static func mutualTLSServer(
        address: HostAndPort, certificatePath: String, keyPath: String, verifier: PeerCertificateVerifier,
        connections: ConnectionLimiter = ConnectionLimiter(
            listener: "grpc", maximum: defaultMaximumConnections,
            maximumPerAddress: defaultMaximumConnectionsPerAddress),
        handshakeTimeout: Duration = tlsHandshakeTimeout
    ) -> HTTP2ServerTransport.Posix {
        HTTP2ServerTransport.Posix(
            address: address.socketAddress,
            transportSecurity: .mTLS(
                certificateChain: [.file(path: certificatePath, format: .pem)],
                privateKey: .file(path: keyPath, format: .pem)
            ) { tls in
                tls.clientCertificateVerification = .noHostnameVerification
                tls.customVerificationCallback = verifier.callback
            },
            config: .defaults { config in
                config.rpc.maxRequestPayloadSize = transportMessageCeilingBytes
                limited(&config, connections: connections, handshakeTimeout: handshakeTimeout)
            }
        )
    }

    /// The TLS server transport of a public listener: presents the service certificate and asks for no client
    /// certificate; the same limits as
    /// ``mutualTLSServer(address:certificatePath:keyPath:verifier:connections:handshakeTimeout:)``.
    public static func tlsServer(
        address: HostAndPort, certificatePath: String, keyPath: String,
        connections: ConnectionLimiter = ConnectionLimiter(
            listener: "public", maximum: defaultMaximumConnections,
            maximumPerAddress: defaultMaximumConnectionsPerAddress),
        handshakeTimeout: Duration = tlsHandshakeTimeout
    ) -> HTTP2ServerTransport.Posix {
        HTTP2ServerTransport.Posix(
            address: address.socketAddress,
            transportSecurity: .tls(
                certificateChain: [.file(path: certificatePath, format: .pem)],
                privateKey: .file(path: keyPath, format: .pem)),
            config: .defaults { config in
                limited(&config, connections: connections, handshakeTimeout: handshakeTimeout)
            })
    }

    /// A TLS client transport without a client certificate (the public directory): trusts servers whose certificate
    /// chains to `caPath` and names the target host.
    /// Each call is bounded by `timeout` when one is given (``serviceConfig(timeout:)``).
    public static func tlsClient(
        target: HostAndPort, caPath: String, timeout: Duration? = nil
    ) throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: target.resolvableTarget,
            transportSecurity: .tls { tls in
                tls.trustRoots = .certificates([.file(path: caPath, format: .pem)])
                tls.serverCertificateVerification = .fullVerification
            },
            serviceConfig: serviceConfig(timeout: timeout))
    }

    /// A client's service config whose every method has `timeout` as its deadline (a method config naming no
    /// service applies to all; gRPC folds it into each call's `CallOptions.timeout` and sends it as `grpc-timeout`);
    /// an empty one, without deadlines, when `timeout` is nil.
    static func serviceConfig(timeout: Duration?) -> ServiceConfig {
        var serviceConfig = ServiceConfig()
        if let timeout {
            serviceConfig.methodConfig = [MethodConfig(names: [MethodConfig.Name(service: "")], timeout: timeout)]
        }
        return serviceConfig
    }

    /// The plaintext transport of the health listener.
    public static func plaintextServer(address: HostAndPort) -> HTTP2ServerTransport.Posix {
        HTTP2ServerTransport.Posix(address: address.socketAddress, transportSecurity: .plaintext)
    }

    /// An mTLS client transport to a VDXP service: presents `certificatePath`/`keyPath`, trusts servers whose
    /// certificate chains to `caPath` and names the target host, and pings a silent server while a call is open
    /// (``clientKeepalive``). Each call is bounded by `timeout` when one is given (``serviceConfig(timeout:)``).
    public static func mutualTLSClient(
        target: HostAndPort, certificatePath: String, keyPath: String, caPath: String, timeout: Duration? = nil
    ) throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: target.resolvableTarget,
            transportSecurity: .mTLS(
                certificateChain: [.file(path: certificatePath, format: .pem)],
                privateKey: .file(path: keyPath, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: caPath, format: .pem)])
                tls.serverCertificateVerification = .fullVerification
            },
            config: .defaults { config in
                config.backoff.max = .seconds(5)
                config.connection.keepalive = clientKeepalive
            },
            serviceConfig: serviceConfig(timeout: timeout)
        )
    }

    /// A plaintext client transport (health probes).
    public static func plaintextClient(target: HostAndPort) throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(target: target.resolvableTarget, transportSecurity: .plaintext)
    }
}

extension HostAndPort {
    /// The address to bind a server to.
    var socketAddress: GRPCNIOTransportCore.SocketAddress {
        if host.contains(":") { return .ipv6(host: host, port: port) }
        if host == "localhost" { return .ipv4(host: "127.0.0.1", port: port) }
        return .ipv4(host: host, port: port)
    }

    /// The target to connect a client to.
    var resolvableTarget: any ResolvableTarget {
        if host.contains(":") {
            let target: ResolvableTargets.IPv6 = .ipv6(address: host, port: port)
            return target
        }
        if host.allSatisfy({ $0.isNumber || $0 == "." }) {
            let target: ResolvableTargets.IPv4 = .ipv4(address: host, port: port)
            return target
        }
        let target: ResolvableTargets.DNS = .dns(host: host, port: port)
        return target
    }
}
