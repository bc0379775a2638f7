import Foundation
import NIOCore
import NIOPosix

/// Loopback ports for a service whose address another must know before it starts (or that restarts on the same
/// address).
enum LoopbackPorts {
    /// A loopback port free right now, for a service whose address another must know before it starts.
    ///
    /// Chosen below the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`, 32768 and up here), where
    /// port 0 binds — every other listener of the suite, PostgreSQL clusters included — and outgoing connections never
    /// land: a port taken from that range could be someone else's by the time the service binds it.
    static func freeOutsideEphemeralRange() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20_000..<32_000)
            if canBind(port) { return port }
        }
        throw TestPlatformError("no free loopback port between 20000 and 32000")
    }

    /// Whether a listener can bind `port` on 127.0.0.1 now (bound through SwiftNIO and closed at once: the C socket
    /// structures are declared by both Glibc and SwiftNIO's CNIOLinux, which this target sees both of).
    private static func canBind(_ port: Int) -> Bool {
        do {
            let listener = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: port).wait()
            try listener.close().wait()
            return true
        } catch {
            return false
        }
    }
}
