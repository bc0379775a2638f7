#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TCP ports on 127.0.0.1: picking a free one and checking whether one is free.
enum LoopbackPort {
    /// A port the kernel reports free on 127.0.0.1 right now, found by binding port 0 and reading the port back.
    ///
    /// Another process may take it before the server binds it; the caller retries with a fresh port then.
    static func pickFree() throws -> Int {
        try Self.withBoundSocket(port: 0) { descriptor in
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let status = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard status == 0 else {
                throw LocalClusterError.systemCallFailed(
                    operation: "read the port of a socket bound to 127.0.0.1:0",
                    reason: ServerUser.lastError()
                )
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    /// Whether `port` can be bound on 127.0.0.1 now, with `SO_REUSEADDR` as PostgreSQL itself sets it.
    static func isFree(_ port: Int) -> Bool {
        guard (1...65535).contains(port) else { return false }
        return (try? Self.withBoundSocket(port: port) { _ in true }) ?? false
    }

    /// Binds a TCP socket to 127.0.0.1:`port`, passes it to `body`, and closes it.
    private static func withBoundSocket<Result>(
        port: Int,
        _ body: (Int32) throws -> Result
    ) throws -> Result {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw LocalClusterError.systemCallFailed(operation: "open a TCP socket", reason: ServerUser.lastError())
        }
        defer { close(descriptor) }

        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            throw LocalClusterError.systemCallFailed(
                operation: "bind 127.0.0.1:\(port)",
                reason: ServerUser.lastError()
            )
        }
        return try body(descriptor)
    }
}
