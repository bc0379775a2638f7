import Foundation
import Testing
import VDXPCore

@Suite("Failed sign-ins: 5 allowed, then 15 minutes, doubling up to 24 hours")
struct LoginThrottleTests {
    let throttle = LoginThrottle.standard

    @Test("the first four failures in a row are not blocked")
    func allowed() {
        for failures in 0...4 { #expect(throttle.block(afterConsecutiveFailures: failures) == nil) }
    }

    @Test("the fifth failure blocks for 15 minutes, each further one doubles it")
    func doubling() {
        #expect(throttle.block(afterConsecutiveFailures: 5) == 900)
        #expect(throttle.block(afterConsecutiveFailures: 6) == 1800)
        #expect(throttle.block(afterConsecutiveFailures: 7) == 3600)
        #expect(throttle.block(afterConsecutiveFailures: 11) == 57_600, "15 minutes × 2⁶")
    }

    @Test("blocks are capped at 24 hours, however many failures")
    func capped() {
        #expect(throttle.block(afterConsecutiveFailures: 12) == 86_400)
        #expect(throttle.block(afterConsecutiveFailures: 1_000_000) == 86_400)
    }

    @Test("the block ends that long after the failure")
    func until() {
        let now = Date(timeIntervalSince1970: 1_773_108_000)
        #expect(throttle.blockedUntil(afterConsecutiveFailures: 5, at: now) == now.addingTimeInterval(900))
        #expect(throttle.blockedUntil(afterConsecutiveFailures: 3, at: now) == nil)
    }
}
