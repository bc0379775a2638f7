import Foundation
import GRPCCore
import Synchronization
import Testing
import VDXPClient
import VDXPDevelopment
import VDXPProto
import VDXPRuntime

/// The test platform itself: a failing test must fail at once and leave nothing running.
@Suite("The test platform")
struct TestPlatformTests {
    struct BodyFailed: Error {}

    @Test("an error thrown from the body is rethrown after both services stopped, and nothing is left listening")
    func rethrowsPromptlyAndStops() async throws {
        let seen = Mutex<TestPlatform?>(nil)
        // From the throw, not from the start: starting the platform on a loaded machine is not what is measured.
        let thrown = Mutex<ContinuousClock.Instant?>(nil)
        await #expect(throws: BodyFailed.self) {
            try await TestPlatform.with { platform in
                seen.withLock { $0 = platform }
                thrown.withLock { $0 = .now }
                throw BodyFailed()
            }
        }
        let elapsed = ContinuousClock.now - (try #require(thrown.withLock { $0 }))
        #expect(elapsed < TestPlatform.stopLimit, "returned after \(elapsed)")
        let platform = try #require(seen.withLock { $0 })
        var options = CallOptions.defaults
        options.timeout = .seconds(5)
        let callOptions = options
        await #expect(throws: (any Error).self, "Central no longer answers") {
            try await platform.operatorClient.central {
                try await $0.getGlobalConfiguration(.init(), options: callOptions)
            }
        }
        await #expect(throws: (any Error).self, "Exchange no longer answers") {
            try await platform.member(TestPlatform.recipient).exchange {
                try await $0.fetchInbox(.init(), options: callOptions)
            }
        }
    }
}
