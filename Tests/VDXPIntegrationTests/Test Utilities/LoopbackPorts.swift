import Foundation

#if canImport(Glibc)
import Glibc
#endif

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

    private static func canBind(_ port: Int) -> Bool {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
