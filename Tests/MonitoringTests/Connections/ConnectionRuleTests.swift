import Foundation
import SwiftProtobuf
import Testing
import VDXPCore
import VDXPProto

@testable import VDXPMonitoring

/// Art. 4.1.g and 9.2 as Monitoring decides them: silence past the thresholds degrades, then loses, a member's
/// connection; any activity restores it; only TRIAL and OFFICIAL members are expected online.
@Suite("Connection rule")
struct ConnectionRuleTests {
    let rule = ConnectionRule(degradedAfter: .seconds(300), disconnectedAfter: .seconds(600))
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    let member = "000.00.00.H26"

    @Test("a member put on trial is CONNECTED at first: it is given the whole grace period")
    func newMemberStartsConnected() throws {
        var row = MemberConnectionRow.new(member, at: start)
        let change = try #require(rule.evaluate(&row, memberState: .trial, now: start))
        #expect(change.previousState == .unspecified)
        #expect(change.state == .connected)
        #expect(row.expectedSince == start)
    }

    @Test("silent for more than 5 minutes is DEGRADED, for more than 10 minutes DISCONNECTED, from the threshold")
    func silenceDegradesThenDisconnects() throws {
        var row = MemberConnectionRow.new(member, at: start)
        row.lastActivityTime = start
        _ = rule.evaluate(&row, memberState: .official, now: start)
        #expect(rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(300)) == nil)
        let degraded = try #require(rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(301)))
        #expect(degraded.state == .degraded)
        #expect(degraded.changeTime == start.addingTimeInterval(300))
        #expect(!degraded.losesConnection)
        let lost = try #require(rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(1000)))
        #expect(lost.previousState == .degraded)
        #expect(lost.state == .disconnected)
        #expect(lost.changeTime == start.addingTimeInterval(600))
        #expect(lost.losesConnection)
        #expect(lost.reason.contains("no activity since \(EdXMLDate.iso8601VietnamTime(start))"))
        #expect(lost.reason.contains("+07:00"), "in Vietnam time (QĐ 28 Art. 14.4), as members read it")
        #expect(rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(5000)) == nil)
    }

    @Test("activity after a loss restores the connection, which calls for a recovery notice")
    func activityRestores() throws {
        var row = MemberConnectionRow.new(member, at: start)
        _ = rule.evaluate(&row, memberState: .official, now: start)
        _ = rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(700))
        #expect(row.state == .disconnected)
        let back = start.addingTimeInterval(900)
        row.lastActivityTime = back
        let restored = try #require(rule.evaluate(&row, memberState: .official, now: back, cause: "heartbeat"))
        #expect(restored.state == .connected)
        #expect(restored.restoresConnection)
        #expect(restored.reason == "heartbeat")
        #expect(restored.changeTime == back)
    }

    @Test("activity recorded late (a journal replayed after an outage) does not restore a connection it predates")
    func oldActivityDoesNotRestore() {
        var row = MemberConnectionRow.new(member, at: start)
        _ = rule.evaluate(&row, memberState: .official, now: start)
        _ = rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(3600))
        row.lastActivityTime = start.addingTimeInterval(60)
        #expect(rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(3600)) == nil)
        #expect(row.state == .disconnected)
    }

    @Test(
        "a member that is not TRIAL or OFFICIAL is NOT_EXPECTED and never lost",
        arguments: [
            Vdxp_Central_V1_MemberState.requested, .suspended, .cutOff, .closed,
        ])
    func notExpected(state: Vdxp_Central_V1_MemberState) throws {
        var row = MemberConnectionRow.new(member, at: start)
        let change = try #require(rule.evaluate(&row, memberState: state, now: start))
        #expect(change.state == .notExpected)
        #expect(rule.evaluate(&row, memberState: state, now: start.addingTimeInterval(86_400)) == nil)
    }

    @Test("a lost member that is suspended ends its lost connection without a recovery notice")
    func suspensionEndsLoss() throws {
        var row = MemberConnectionRow.new(member, at: start)
        _ = rule.evaluate(&row, memberState: .official, now: start)
        _ = rule.evaluate(&row, memberState: .official, now: start.addingTimeInterval(700))
        let change = try #require(
            rule.evaluate(&row, memberState: .suspended, now: start.addingTimeInterval(800)))
        #expect(change.endsLostConnection)
        #expect(!change.restoresConnection)
        #expect(change.reason.contains("SUSPENDED"))
    }

    @Test("a member expected online again counts its silence from then, not from its last activity long ago")
    func expectedAgainStartsAfresh() {
        var row = MemberConnectionRow.new(member, at: start)
        row.lastActivityTime = start
        _ = rule.evaluate(&row, memberState: .suspended, now: start)
        let later = start.addingTimeInterval(86_400)
        _ = rule.evaluate(&row, memberState: .official, now: later)
        #expect(row.state == .connected)
        #expect(row.expectedSince == later)
        #expect(rule.evaluate(&row, memberState: .official, now: later.addingTimeInterval(200)) == nil)
    }

    @Test("a member missing from the global configuration is not expected online")
    func unknownMember() throws {
        var row = MemberConnectionRow.new(member, at: start)
        let change = try #require(rule.evaluate(&row, memberState: nil, now: start))
        #expect(change.state == .notExpected)
        #expect(change.reason.contains("not in Central"))
    }
}
