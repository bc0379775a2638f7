import Foundation
import Testing
import VDXPProto

@testable import VDXPMonitoring

/// An outage of the platform is not a member's silence: while Monitoring cannot follow Exchange's journal, no member
/// degrades or loses its connection, and that time is never counted as silence (Art. 9.2 alerts only real losses).
@Suite("Connection hold while the journal is not followed")
struct ConnectionHoldTests {
    let rule = ConnectionRule(degradedAfter: .seconds(300), disconnectedAfter: .seconds(600))
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    let member = "000.00.00.H26"

    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    func connectedRow() -> MemberConnectionRow {
        var row = MemberConnectionRow.new(member, at: start)
        row.lastActivityTime = start
        _ = rule.evaluate(&row, memberState: .official, now: start)
        return row
    }

    @Test("the unseen stretches are left out of the silence, the open one up to now")
    func countedSilence() {
        var blindness = JournalBlindness.none
        #expect(blindness.counted(from: start, to: at(900)) == 900)
        blindness.open(at: at(100))
        blindness.open(at: at(150))
        #expect(blindness.isOpen)
        #expect(blindness.counted(from: start, to: at(900)) == 100)
        blindness.close(at: at(400))
        #expect(!blindness.isOpen)
        #expect(blindness.counted(from: start, to: at(900)) == 600)
        #expect(blindness.unseen(from: at(300), to: at(900)) == 100)
        #expect(blindness.counted(from: at(500), to: at(900)) == 400)
        #expect(blindness.instant(from: start, counting: 300, to: at(900)) == at(600))
        #expect(blindness.instant(from: start, counting: 50, to: at(900)) == at(50))
    }

    @Test("Exchange down for longer than disconnected_after: every state is held, nobody is lost")
    func heldWhileBlind() {
        var row = connectedRow()
        var blindness = JournalBlindness.none
        blindness.open(at: at(60))
        #expect(rule.evaluate(&row, memberState: .official, now: at(1800), blindness: blindness) == nil)
        #expect(row.state == .connected)
        // Back after 29 minutes: one minute was counted before the outage, the rest counts from now on.
        blindness.close(at: at(1800))
        #expect(rule.evaluate(&row, memberState: .official, now: at(1800 + 240), blindness: blindness) == nil)
        let degraded = rule.evaluate(&row, memberState: .official, now: at(1800 + 241), blindness: blindness)
        #expect(degraded?.state == .degraded)
        #expect(degraded?.changeTime == at(1800 + 240))
        let lost = rule.evaluate(&row, memberState: .official, now: at(1800 + 600), blindness: blindness)
        #expect(lost?.state == .disconnected)
        #expect(lost?.changeTime == at(1800 + 540))
        #expect(lost?.reason.contains("29 more minutes while Exchange's journal was not followed") == true)
    }

    @Test("a member already lost stays lost through an outage, and activity still restores it")
    func lossIsNotUndoneByTheHold() {
        var row = connectedRow()
        _ = rule.evaluate(&row, memberState: .official, now: at(700))
        #expect(row.state == .disconnected)
        var blindness = JournalBlindness.none
        blindness.open(at: at(800))
        #expect(rule.evaluate(&row, memberState: .official, now: at(2000), blindness: blindness) == nil)
        #expect(row.state == .disconnected)
        row.lastActivityTime = at(2000)
        let back = rule.evaluate(&row, memberState: .official, now: at(2000), cause: "heartbeat", blindness: blindness)
        #expect(back?.state == .connected)
        #expect(back?.restoresConnection == true)
    }

    @Test("a replica that saw more of an outage does not restore a member another found lost: only activity does")
    func noRestoreWithoutActivity() {
        var row = connectedRow()
        _ = rule.evaluate(&row, memberState: .official, now: at(700))  // a replica that just restarted
        #expect(row.state == .disconnected)
        // Another replica sat through an outage from 100 to 600: it counts 200 s of silence, not 700.
        let outage = JournalBlindness(openSince: nil, closed: [DateInterval(start: at(100), end: at(600))])
        #expect(rule.state(silentSince: at(0), now: at(700), blindness: outage) == .connected)
        #expect(rule.evaluate(&row, memberState: .official, now: at(710), blindness: outage) == nil)
        #expect(row.state == .disconnected, "held: no CONNECTION_RESTORED without activity")
        row.lastActivityTime = at(720)
        let back = rule.evaluate(&row, memberState: .official, now: at(720), cause: "heartbeat", blindness: outage)
        #expect(back?.state == .connected)
    }

    @Test("the watch is blind from the start until the follower has caught up")
    func watch() {
        let watch = JournalWatch(blindSince: start)
        #expect(watch.blindness.openSince == start)
        watch.caughtUp(at: at(5))
        #expect(!watch.blindness.isOpen)
        watch.lost(at: at(100))
        watch.lost(at: at(200))
        #expect(watch.blindness.openSince == at(100))
        watch.caughtUp(at: at(300))
        let stretches = [DateInterval(start: start, end: at(5)), DateInterval(start: at(100), end: at(300))]
        #expect(watch.blindness.closed == stretches)
    }
}
