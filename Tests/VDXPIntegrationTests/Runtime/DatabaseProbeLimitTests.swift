import Foundation
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import VDXPStore

/// The probe counts a slow connection as unreachable only the second time in a row; a refused one at once. The
/// driver's own connect timeout (1 s by default) must not turn one slow moment on a loaded machine into an outage.
@Suite("Database probe: slow is not refused", .timeLimit(.minutes(3)))
struct DatabaseProbeLimitTests {
    @Test("the probe's own limit decides when connecting is too slow, however short the driver's connect timeout")
    func probeOwnsTheConnectLimit() throws {
        let configuration = try DatabaseURL("postgres://vdxp@127.0.0.1:5432/vdxp?sslmode=disable")
            .connectionConfiguration(connectTimeout: .milliseconds(100))
        let logger = Logger(label: "vdxp.test")
        let database = Database(
            configuration: try DatabaseURL("postgres://vdxp@127.0.0.1:5432/vdxp").clientConfiguration(),
            logger: logger)
        for timeout: Duration in [.milliseconds(300), .seconds(2), .milliseconds(2_500)] {
            let probe = DatabaseProbe(database: database, connection: configuration, timeout: timeout, logger: logger)
            let limit = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            #expect(probe.connection.options.connectTimeout.nanoseconds > limit)
        }
    }

    @Test("a refused connection is not a slow one; the probe's own timeout is")
    func refusedIsNotSlow() async throws {
        // Port 1 on loopback: nothing listens, the kernel refuses at once.
        let configuration = try DatabaseURL("postgres://vdxp@127.0.0.1:1/vdxp?sslmode=disable")
            .connectionConfiguration()
        await #expect {
            try await DatabaseProbe.connect(
                configuration, id: 1, within: .seconds(5), logger: Logger(label: "vdxp.test"))
        } throws: { error in
            !DatabaseProbe.isSlow(error)
        }
        #expect(DatabaseProbe.isSlow(AwaitTimeout(limit: .seconds(1))))
    }
}
