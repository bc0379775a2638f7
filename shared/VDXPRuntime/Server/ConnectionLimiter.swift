import Metrics
import NIOCore
import Synchronization

/// Bounds the connections one TLS listener holds open: at most ``maximum`` in all, and at most
/// ``maximumPerAddress`` from one client IP address.
///
/// Every open connection holds a file descriptor and its TLS and HTTP/2 buffers, whoever it turns out to be: the
/// handshake deadline and the idle timer bound how long one lasts, not how many there are. Without a bound, one
/// client that opens connections by the tens of thousands takes every descriptor the process has, and then no member
/// can connect at all. With it, such a client fills its own address's share and every other member still gets in;
/// the total bounds the memory of a replica. A connection over either bound is closed as soon as it is accepted,
/// before its TLS handshake costs anything, and counted in `vdxp_connections_refused_total`; the connections open
/// are `vdxp_connections_open`, both labelled by listener (docs/operations.md, "What to watch").
///
/// Behind a proxy that hides client addresses every connection has the proxy's address: raise
/// `VDXP_MAX_CONNECTIONS_PER_ADDRESS` to the total there (the Kubernetes manifests keep addresses:
/// `externalTrafficPolicy: Local`).
public final class ConnectionLimiter: Sendable {
    /// The most connections open at once on the listener (`VDXP_MAX_CONNECTIONS`).
    public let maximum: Int
    /// The most connections open at once from one client IP address (`VDXP_MAX_CONNECTIONS_PER_ADDRESS`).
    public let maximumPerAddress: Int
    /// The listener's name in the metrics: `grpc` or `public`.
    public let listener: String

    private struct Counts {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    /// A limiter for `listener` with both bounds.
    public init(listener: String, maximum: Int, maximumPerAddress: Int) {
        precondition(maximum > 0 && maximumPerAddress > 0, "connection limits must be positive")
        self.listener = listener
        self.maximum = maximum
        self.maximumPerAddress = maximumPerAddress
    }

    /// Why a connection was refused.
    enum Refusal: String, Error {
        /// The listener holds ``ConnectionLimiter/maximum`` connections.
        case listenerFull = "listener"
        /// The client's address holds ``ConnectionLimiter/maximumPerAddress`` connections.
        case addressFull = "address"
    }

    /// Counts a new connection from `address`, or says which bound it would pass (and counts nothing).
    func admit(_ address: String) -> Refusal? {
        counts.withLock { counts in
            if counts.total >= maximum { return .listenerFull }
            if counts.perAddress[address, default: 0] >= maximumPerAddress { return .addressFull }
            counts.total += 1
            counts.perAddress[address, default: 0] += 1
            return nil
        }
    }

    /// Forgets a connection from `address` that ``admit(_:)`` counted.
    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.perAddress[address, default: 1] - 1
            counts.perAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    /// The connections open now.
    public var openConnections: Int { counts.withLock { $0.total } }

    /// The step of the listener's `onAcceptTCPConnection` callback: counts `channel` until it closes, or closes it
    /// at once and fails (so that the transport drops it) when it would pass a bound.
    func admit(_ channel: any Channel) -> EventLoopFuture<Void> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = admit(address) {
            Counter(
                label: "vdxp_connections_refused_total",
                dimensions: [("listener", listener), ("bound", refusal.rawValue)]
            ).increment()
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(refusal)
        }
        let open = Gauge(label: "vdxp_connections_open", dimensions: [("listener", listener)])
        open.record(openConnections)
        channel.closeFuture.whenComplete { _ in
            self.release(address)
            open.record(self.openConnections)
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }
}
