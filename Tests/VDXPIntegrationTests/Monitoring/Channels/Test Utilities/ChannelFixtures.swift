import Foundation
import Logging
import VDXPRuntime

@testable import VDXPMonitoring

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Messages, settings and helpers shared by the channel tests.
enum ChannelFixtures {
    /// Monday 2 November 2026, 09:00 in Hà Nội (02:00 UTC).
    static let monday = Date(timeIntervalSince1970: 1_793_584_800)

    static let logger: Logger = {
        var logger = Logger(label: "vdxp.test.channels")
        logger.logLevel = .warning
        return logger
    }()

    /// A connection-lost notice as Monitoring sends it (Art. 9.2), in Vietnamese with diacritics.
    static func connectionLost(to address: String, id: UUID = UUID()) -> ChannelMessage {
        ChannelMessage(
            notificationID: id, address: address,
            subject: "[VDXP] Mất kết nối: hệ thống của Ủy ban nhân dân tỉnh Hà Giang (000.00.00.H01)",
            body: """
                Kính gửi Văn thư Ủy ban nhân dân tỉnh Hà Giang,

                Trục liên thông văn bản quốc gia không nhận được tín hiệu từ hệ thống của quý cơ quan từ 09:00 ngày \
                02/11/2026 (giờ Hà Nội). Đề nghị kiểm tra kết nối và máy chủ bảo mật (Điều 9.2).
                Trân trọng.
                """)
    }

    /// SMTP settings for a sink on loopback port `port`. The step timeout is generous (30 s): under the full suite's
    /// load a TLS handshake and a Python sink's reply can take more than 5 s; a test of the timeout passes its own.
    static func smtp(
        port: Int, security: SMTPSettings.Security = .noneLoopbackOnly, credentials: SMTPCredentials? = nil,
        certificate: String? = nil, timeout: Duration = .seconds(30)
    ) throws -> SMTPSettings {
        SMTPSettings(
            host: "127.0.0.1", port: port, security: security,
            from: try SMTPMailbox("Trục liên thông văn bản quốc gia <canhbao@vdxp.test>"), credentials: credentials,
            trustRootsPath: certificate, clientName: "monitoring.vdxp.test", stepTimeout: timeout)
    }

    /// A loopback port nothing listens on (bound, then released).
    static func closedPort() throws -> Int {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        return port
    }
}

/// A TCP listener on loopback that accepts connections (through the kernel's backlog) and never says a word: a relay
/// that hangs.
final class SilentListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}
